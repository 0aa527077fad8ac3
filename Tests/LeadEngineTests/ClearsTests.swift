import Foundation
import Testing
import JSON
import LeadEngine

@Suite("Patch.clears and the accidental-clear check")
struct ClearsTests {
    @Test("Text that shows something is not blank")
    func notBlank() throws {
        for visible in ["a", " a ", "0", "\u{200B}x", "-", "😀"] {
            #expect(!JSONValue.isBlank(visible), "\(visible)")
        }
        for blank in ["", " ", "\u{200B}", "\u{FEFF}", "\u{00AD}", "\u{3000}", "\r\n"] {
            #expect(JSONValue.isBlank(blank), "\(blank.unicodeScalars.map { $0.value })")
        }
    }

    @Test("A body's emptying keys, top level and custom values, that no clear asked for")
    func accidentalClears() throws {
        let body = try JSONParser.parse(#"{"name":"","phone":"+79161234567","priority":null,"utcOffset":0,"vkId":" ","customValues":{"7":"","8":"x","9":null,"10":[]}}"#)
        #expect(body.emptiedKeys == ["name", "priority", "vkId", "customValues[7]", "customValues[9]", "customValues[10]"])
        #expect(Patch.accidentalClears(in: body, clears: []) == ["name", "priority", "vkId", "customValues[7]", "customValues[9]", "customValues[10]"])
        #expect(Patch.accidentalClears(in: body, clears: ["name", "customValues[7]", "phone"]) == ["priority", "vkId", "customValues[9]", "customValues[10]"])
        #expect(JSONValue.accidentalClears(in: body, clears: Set(body.emptiedKeys)).isEmpty)
        #expect(Patch.accidentalClears(in: try JSONParser.parse(#"{"customValues":{}}"#), clears: []).isEmpty)
        #expect(Patch.accidentalClears(in: try JSONParser.parse(#"{"customValues":null}"#), clears: []) == ["customValues"])
        #expect(Patch.accidentalClears(in: try JSONParser.parse(#"{"priority":0,"name":"0","statusId":1}"#), clears: []).isEmpty)
        #expect(Patch.accidentalClears(in: .array([.string("")]), clears: []).isEmpty)
    }

    @Test("Patches of non-empty writes are byte-identical to before and clear nothing")
    func unchangedBytes() throws {
        let rules = """
        rule "Many" {
          set vkId = 15
          set name = "Ann"
          set utcOffset = 2
          set phone = "+79161234567"
          set customValues[2] = "x"
        }
        """
        let result = try engine(rules).evaluate(try lead(#"{"id": 1}"#), now: winter)
        #expect(result.patch.jsonBody() == #"{"name":"Ann","phone":"+79161234567","utcOffset":2,"vkId":"15","customValues":{"2":"x"}}"#)
        #expect(result.patch.clears.isEmpty)
        #expect(result.patch.isSelfConsistent)
        #expect(result.changes.allSatisfy { !$0.isClear })
        #expect(Patch().clears.isEmpty && Patch().isSelfConsistent)
    }
}

/// A number that is not finite (a lead built in code may hold one) is no value a field can be sent: JSON has no NaN
/// or infinity, and written as `null` it cleared the field (found by the embedding trial).
@Suite("NaN and infinity are never sent")
struct NonFiniteNumberTests {
    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteNumbersAreNotWritten(number: Double) throws {
        let engine = try engine("""
            rule "Copy the landing's score" {
              when lead["score"] is not empty
              set customValues[12] = lead["score"]
            }

            rule "Score as a name" {
              when lead["score"] is not empty
              set name = lead["score"]
            }
            """)
        let lead = try Lead(fields: ["id": .int(1), "score": .double(number), "customValues": .object([("12", .string("keep me"))])])
        let evaluation = engine.evaluate(lead, now: winter)
        #expect(evaluation.patch.json == .object([]), "\(evaluation.patch.jsonBody())")
        #expect(JSONValue.accidentalClears(in: try JSONParser.parse(evaluation.patch.jsonBody()), clears: evaluation.patch.clears).isEmpty)
        #expect(evaluation.errors.count == 2)
        #expect(evaluation.errors.allSatisfy { $0.message.contains("must be a finite number") }, "\(evaluation.errors)")
    }

    @Test func aNonFiniteNumberEmptiesAField() {
        #expect(JSONValue.double(.nan).emptiesField)
        #expect(JSONValue.double(-.infinity).emptiesField)
        #expect(!JSONValue.double(1.5).emptiesField)
        #expect(JSONValue.accidentalClears(in: .object([("customValues", .object([("12", .double(.nan))]))]), clears: []) == ["customValues[12]"])
    }
}

@Suite("What a custom value may be, said alike by the checker and the patch")
struct CustomValueExpectationTests {
    @Test func theCheckerSaysWhatACustomValueMayBe() throws {
        do {
            _ = try engine("""
                rule "List" {
                  set customValues[12] = [1, 2]
                }
                """)
            Issue.record("a list was taken for a custom value")
        } catch {
            #expect("\(error)".contains("customValues[12] takes a string, a number or a boolean, but this is a list"), "\(error)")
        }
    }
}
