import Foundation
import LeadEngine
import Testing

/// `text()` of a comment holding a JSON document (a quiz log): its string values and numbers, decoded,
/// one per line; read without a tree now, with the same answers as before.
@Suite("text() of JSON comments")
struct TextOfJSONTests {
    /// What `text(sourceComment)` gives for `comment` (nil when blank, so not written).
    func text(ofComment comment: String) throws -> String? {
        let lead = JSONWriter.write(["id": 1, "sourceComment": .string(comment)])
        let body = try patch("rule \"R\" {\n  set customValues[9] = text(sourceComment)\n}\n", lead)
        return try JSONParser.parse(body)["customValues"]?["9"]?.stringValue
    }

    @Test("A quiz log reads as its values, escapes decoded, in document order")
    func quizLogs() throws {
        #expect(try text(ofComment: #"{"quiz": "Квиз", "answers": {"budget": "358000"}, "steps": [{"q": "Вопрос 1", "a": "готов купить"}]}"#)
            == "Квиз\n358000\nВопрос 1\nготов купить")
        #expect(try text(ofComment: #"{"a": "\u0433\u043e\u0442\u043e\u0432", "e": "\ud83d\ude00", "q": "say \"hi\"\\n\/", "k\u0041": "v"}"#)
            == "готов\n😀\nsay \"hi\"\\n/\nv")
        #expect(try text(ofComment: #"["a", "", "b", {}, [], {"x": ""}]"#) == "a\n\nb\n")
    }

    @Test("Numbers as the engine writes them; booleans and null left out")
    func numbers() throws {
        #expect(try text(ofComment: "[1, 2.5, 3.0, 1e2, true, null, -0, 1e20, -12, 0.1]") == "1\n2.5\n3\n100\n0\n1e+20\n-12\n0.1")
        #expect(try text(ofComment: "[9223372036854775807, 9223372036854775808]") == "9223372036854775807\n9.223372036854776e+18")
    }

    @Test("Spaces, tabs and line breaks before the document; CR LF before it keeps the text as it is")
    func leadingWhiteSpace() throws {
        #expect(try text(ofComment: " \n\t{\"a\": \"x\"} ") == "x")
        #expect(try text(ofComment: "\r {\"a\": \"x\"}") == "x")
        #expect(try text(ofComment: "\r\n{\"a\": \"x\"}") == "\r\n{\"a\": \"x\"}")
        #expect(try text(ofComment: " \r\n[\"x\"]") == " \r\n[\"x\"]")
    }

    @Test("Text that is not a JSON object or array, or that the parser refuses, is itself", arguments: [
        "{не json", "[1, 2", "{\"a\": \"\\ud83d\"}", "{\"a\": 1e999}", "[\"a\"] x", "перезвоните", "12", "\"x\"", "{\"a\": \"\\x\"}",
        String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
    ])
    func notDocuments(_ comment: String) throws {
        #expect(try text(ofComment: comment) == comment)
    }

    @Test("text() and json() of the same comment in one lead")
    func textAndJSONTogether() throws {
        let rules = """
        rule "R" {
          when text(sourceComment) ~ /готов/ and json(sourceComment, "answers.budget") == "358000"
          set customValues[9] = text(sourceComment)
          set customValues[8] = json(sourceComment, "steps[1].a")
        }

        """
        let comment = #"{"answers": {"budget": "358000"}, "steps": [{"a": "x"}, {"a": "\u0433\u043e\u0442\u043e\u0432"}]}"#
        let body = try patch(rules, JSONWriter.write(["id": 1, "sourceComment": .string(comment)]))
        #expect(body == #"{"customValues":{"8":"готов","9":"358000\nx\nготов"}}"#)
    }
}
