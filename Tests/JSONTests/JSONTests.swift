import Foundation
import JSON
import Testing

@Suite("JSON: parsing")
struct JSONParserTests {
    @Test func parsesAndWritesBackInOrder() throws {
        let text = #"{"b":1,"a":[true,false,null,-2.5,"x\"y\\z\n"],"c":{"é":"Ирина 😀"}}"#
        let value = try JSONParser.parse(text)
        #expect(value.jsonText == text)
        #expect(value["b"] == .int(1))
        #expect(value["c"]?["é"] == .string("Ирина 😀"))
    }

    @Test func whiteSpaceAroundAndInsideIsAllowed() throws {
        #expect(try JSONParser.parse(" \n\t{ \"a\" : [ 1 , 2 ] }\r\n") == .object([("a", .array([.int(1), .int(2)]))]))
    }

    @Test func integersStayIntegers() throws {
        #expect(try JSONParser.parse("5") == .int(5))
        #expect(try JSONParser.parse("5").intValue == 5)
        #expect(try JSONParser.parse("5.0").intValue == nil)
        #expect(try JSONParser.parse("1e2").intValue == nil)
        #expect(try JSONParser.parse("-0") == .int(0))
        guard case .double(1e20) = try JSONParser.parse("100000000000000000000") else {
            Issue.record("an integer too large for Int reads as a Double")
            return
        }
    }

    /// Integers of up to 18 digits are summed digit by digit, longer ones read by `Int(_:)`: either way an
    /// integer is `.int` exactly when `Int(_:)` reads its text, else the `Double` of its text.
    @Test func integersOfEveryLengthReadAsIntDoes() throws {
        var random = RandomJSON(seed: 0x15_1A7E)
        var texts = ["0", "-0", "9", "-9", "999999999999999999", "-999999999999999999", "1000000000000000000", "9223372036854775807",
                     "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "99999999999999999999"]
        for _ in 0..<2000 {
            let length = random.below(25) + 1
            var digits = String(random.below(9) + 1)
            for _ in 1..<length { digits += String(random.below(10)) }
            texts.append(random.below(2) == 0 ? digits : "-" + digits)
        }
        for text in texts {
            let expected: JSONValue = if let int = Int(text) { .int(int) } else { .double(try #require(Double(text))) }
            let value = try JSONParser.parse(text)
            #expect(value == expected && value.intValue == expected.intValue, "\(text)")
        }
    }

    @Test func unicodeEscapesIncludingSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""\u0418\ud83d\ude00""#) == .string("И😀"))
        #expect(try JSONParser.parse(#""\/\b\f\r\t""#) == .string("/\u{08}\u{0C}\r\t"))
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(#""\ud83d""#) }
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(#""\ude00""#) }
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(#""\ud83d\u0041""#) }
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "-01", "1.", "-", ".5", "1e", "tru", "nul", "\"a", "{\"a\":1} x", "'a'", "[1 2]",
        "\"\u{01}\"", "{1:2}", "[1,,2]", #""\x""#, #""\u12""#, "1e999", "-1e999",
    ])
    func rejectsMalformedJSON(_ text: String) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(bytes: [0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(bytes: [0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
    }

    @Test func errorsNameTheByte() {
        func failure(_ text: String) -> JSONParser.Error? {
            do { _ = try JSONParser.parse(text) } catch { return error }
            return nil
        }
        #expect(failure("[1,]")?.offset == 3)
        #expect(failure("[1,]")?.description == "expected a JSON value at byte 4")
        #expect(failure("01")?.message == "leading zero in a number")
        #expect(failure("[1e999]")?.offset == 1)
        #expect(failure("[1e999]")?.message == "number out of range")
    }

    @Test func nestingUpToTheLimitIsAcceptedDeeperIsRejectedNotCrashed() throws {
        func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        _ = try JSONParser.parse(nested(JSONParser.maximumDepth))
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(nested(JSONParser.maximumDepth + 1)) }
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(nested(10_000)) }
    }

    @Test func parsesBytesOfAnyCollection() throws {
        let text = #"{"id": 7, "name": "Ирина"}"#
        let expected = try JSONParser.parse(text)
        let bytes = Array(text.utf8)
        #expect(try JSONParser.parse(bytes: bytes) == expected)
        #expect(try JSONParser.parse(bytes: Data(bytes)) == expected)
        #expect(try JSONParser.parse(bytes: ([0x20] + bytes + [0x20])[1...]) == expected)
        #expect(try JSONParser.parse(bytes: bytes.lazy.map { $0 }) == expected)  // not contiguous
        #expect(try bytes.withUnsafeBufferPointer { try JSONParser.parse($0) } == expected)
    }

    @Test func duplicateKeysAreKeptAndTheFirstIsLookedUp() throws {
        let value = try JSONParser.parse(#"{"a": 1, "a": 2}"#)
        #expect(value["a"] == .int(1))
        #expect(value.objectMembers?.count == 2)
    }
}

@Suite("JSON: writing")
struct JSONWriterTests {
    @Test func controlCharactersAreEscapedOnWrite() {
        #expect(JSONValue.string("a\u{01}b\tc").jsonText == #""a\u0001b\tc""#)
        #expect(JSONWriter.write(.string("q\"b\\n\nr\r\u{08}")) == #""q\"b\\n\nr\r\u0008""#)
    }

    @Test func nonASCIIIsWrittenAsUTF8() {
        #expect(JSONWriter.write(.string("Ирина 😀")) == "\"Ирина 😀\"")
    }

    @Test func numbers() throws {
        #expect(JSONWriter.write(.int(-42)) == "-42")
        #expect(JSONWriter.write(.double(-2.5)) == "-2.5")
        // A whole Double below 10^15 is written as an integer; it reads back as `.int`, equal to the original.
        #expect(JSONWriter.write(.double(3.0)) == "3")
        #expect(try JSONParser.parse(JSONWriter.write(.double(3.0))) == .double(3.0))
        #expect(JSONWriter.write(.double(1e15)) == "1000000000000000.0")
        #expect(JSONWriter.write(.double(1e300)) == "1e+300")
        #expect(JSONWriter.write(.double(.infinity)) == "null")
        #expect(JSONWriter.write(.double(.nan)) == "null")
    }

    @Test func writesIntoAnExistingString() {
        var out = "x="
        JSONWriter.write(["a": [1, true, .null]], into: &out)
        #expect(out == #"x={"a":[1,true,null]}"#)
    }
}

@Suite("JSON: values")
struct JSONValueTests {
    /// `3` and `3.0` are equal values (and hash alike); the type stays visible to pattern matching and `intValue`.
    @Test func numbersCompareByValueButKeepTheirType() throws {
        let three = try JSONParser.parse("3"), threePointZero = try JSONParser.parse("3.0")
        #expect(three == threePointZero)
        #expect(Set([three, threePointZero]).count == 1)
        #expect(JSONValue.int(3) != .double(3.5))
        #expect(three.intValue == 3 && threePointZero.intValue == nil)
        guard case .double = threePointZero else {
            Issue.record("3.0 must read as a Double")
            return
        }
        #expect(three.typeName == "a number" && threePointZero.typeName == "a number")
        #expect(three.preciseTypeName == "an integer" && threePointZero.preciseTypeName == "a non-integer number")
    }

    @Test func objectsCompareAsUnorderedMembers() throws {
        #expect(try JSONParser.parse(#"{"a":1,"b":[2]}"#) == JSONParser.parse(#"{"b":[2],"a":1.0}"#))
        #expect(try JSONParser.parse(#"{"a":1}"#) != JSONParser.parse(#"{"a":1,"b":2}"#))
        #expect(try JSONParser.parse("[1,2]") != JSONParser.parse("[2,1]"))
    }

    @Test func accessors() throws {
        let value = try JSONParser.parse(#"{"s":"x","b":false,"n":null,"a":[1],"o":{}}"#)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == false)
        #expect(value["n"]?.isNull == true && value["s"]?.isNull == false)
        #expect(value["a"]?.arrayElements == [.int(1)])
        #expect(value["o"]?.objectMembers?.isEmpty == true)
        #expect(value["missing"] == nil)
        #expect(value["s"]?["x"] == nil)
        #expect(value["s"]?.intValue == nil && value["a"]?.stringValue == nil && value["s"]?.boolValue == nil)
        #expect(value.arrayElements == nil && value["a"]?.objectMembers == nil)
        #expect([JSONValue.null, "x", true, [], [:]].map(\.typeName) == ["null", "a string", "a boolean", "an array", "an object"])
        #expect([JSONValue.null, "x", true, [], [:]].map(\.preciseTypeName) == ["null", "a string", "a boolean", "an array", "an object"])
    }

    @Test func literalsAndDescription() {
        let value: JSONValue = ["id": 5, "ratio": 0.5, "name": "x", "tags": ["a", false]]
        #expect(value == .object([
            ("id", .int(5)), ("ratio", .double(0.5)), ("name", .string("x")), ("tags", .array([.string("a"), .bool(false)])),
        ]))
        #expect(value.description == #"{"id":5,"ratio":0.5,"name":"x","tags":["a",false]}"#)
        #expect("\(value)" == value.jsonText)
    }
}
