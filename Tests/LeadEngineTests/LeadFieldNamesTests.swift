import BenchSupport
import Foundation
import Testing
@testable import LeadEngine

/// The program's field names resolved against a lead's members once per lead (``LeadFieldNames``,
/// ``ResolvedLeadText``), against what they replace: a search of the members per read (``LeadText/value(of:)``), a
/// `JSONValue` decoded then made a `Value`, and the patch's old values kept as the JSON they were read from.
@Suite struct LeadFieldNamesTests {
    /// Names sharing lengths, first and last bytes (one bucket), prefixes, first and last eight bytes (beyond sixteen
    /// bytes, differing only in the middle), the empty name, non-ASCII names, and the pack's own.
    static let names = ["", "a", "b", "ab", "ba", "aab", "abb", "abcdefg", "abcdefgh", "abcdefgi", "bbcdefgh", "abcdefghi",
                        "abcdefgh1234", "abcdefgh1235", "abcdefgh_1_abcdefgh", "abcdefgh_2_abcdefgh", "abcdefgh__abcdefgh",
                        "sourceComment", "sourceCommenu", "telegramPhone", "phone", "phonf", "ж", "жж", "statusId",
                        "priority", "utcOffset", "customValues", "customValue", "createdAt", "id", "name", "orderId",
                        // Fourteen to sixteen bytes, a byte off at the end: the longest compared as sixteen bytes with
                        // their quote, and the first that is not.
                        "abcdefghijklmn", "abcdefghijklmo", "abcdefghijklmno", "abcdefghijklmnp", "abcdefghijklmnop"]

    /// Every name looked up in random objects (members repeated, the last winning; values of every kind) by random sets
    /// of field keys (custom values among them): the resolved value and JSON are what a search of the members finds.
    @Test func resolvedMembersAreTheOnesASearchFinds() throws {
        var random = SplitMix64(seed: 0xF1E1_D5)
        var found = 0, absent = 0
        for _ in 0..<1_500 {
            var members = [#""id":1"#]
            var memberNames: [String] = []
            for _ in 0..<Int(random.next() % 10) {
                let name = Self.names[Int(random.next() % UInt64(Self.names.count))]
                memberNames.append(name)
                members.append("\"\(name)\":\(Self.jsonValue(&random, depth: 0))")
            }
            // Keys of names the object has (half of them, when it has some) and of any name.
            var keys = (0..<Int(random.next() % 12)).map { _ in
                !memberNames.isEmpty && random.chance(50) ? random.pick(memberNames) : Self.names[Int(random.next() % UInt64(Self.names.count))]
            }
            if random.chance(30) { keys.append("customValues[\(random.next() % 20)]") }
            let table = LeadFieldNames(fieldKeys: keys)
            if random.chance(30) { members.append(#""customValues":{"3":"x","12":7,"3":null}"#) }
            for index in members.indices.reversed() where index > 0 {
                members.swapAt(index, Int(random.next() % UInt64(index + 1)))
            }
            let text = "{" + members.joined(separator: random.next() % 2 == 0 ? "," : ", ") + "}"
            let bytes = Array(text.utf8)
            let layout = try #require(bytes.withUnsafeBufferPointer { JSONParser.layout($0) }, "\(text)")
            let lead = LeadText(bytes: bytes, layout: layout)
            var resolved = ResolvedLeadText()
            resolved.resolve(lead, names: table)
            #expect(resolved.isText)
            for (slot, key) in keys.enumerated() {
                let name = table.slots[slot]
                let topLevel = name.isCustomValue ? "customValues" : key
                let expected = lead.value(of: topLevel)
                let json = resolved.json(ofName: Int(name.name))
                #expect(json.map(JSONWriter.write) == expected.map(JSONWriter.write), "\(key) in \(text)")
                #expect(resolved.value(ofName: Int(name.name)) == Value(expected), "\(key) in \(text)")
                if expected == nil { absent += 1 } else { found += 1 }
            }
        }
        #expect(found > 2_000 && absent > 2_000)
    }

    /// One resolver kept from lead to lead, as the evaluator keeps it: leads of the same member names in the same order
    /// (new values: resolved as the lead before), and of names changed slightly (one byte, one byte more or less, a
    /// name repeated, members swapped, names longer than fifteen bytes, a text that ends right after its last name):
    /// each value is the one a search of the members finds.
    @Test func leadsOfTheSameNamesAreResolvedAsTheLeadBefore() throws {
        var random = SplitMix64(seed: 0x5A3E_4A3E)
        let table = LeadFieldNames(fieldKeys: Self.names + ["customValues[3]"])
        var resolved = ResolvedLeadText()
        var memberNames = ["id", "name", "phone", "sourceComment", "statusId", "priority", "utcOffset", "customValues"]
        var same = 0
        for _ in 0..<3_000 {
            switch random.next() % 8 {
            case 0:
                // One name changed to another of the table (a byte more or less, one byte off, a longer one).
                memberNames[Int(random.next() % UInt64(memberNames.count))] = Self.names[Int(random.next() % UInt64(Self.names.count))]
            case 1:
                // A name not in the table: one byte more, one byte less, one byte off.
                let index = Int(random.next() % UInt64(memberNames.count))
                let name = memberNames[index]
                memberNames[index] = [name + "s", String(name.dropLast()), String(name.dropLast()) + "~"][Int(random.next() % 3)]
            case 2:
                memberNames.swapAt(Int(random.next() % UInt64(memberNames.count)), Int(random.next() % UInt64(memberNames.count)))
            case 3:
                if memberNames.count > 1, random.chance(50) { memberNames.removeLast() } else { memberNames.append(random.pick(Self.names)) }
            default:
                same += 1
            }
            let values = memberNames.map { _ in Self.jsonValue(&random, depth: 0) }
            // The last value short, at times: the text ends within sixteen bytes of the last name.
            var members = zip(memberNames, values).map { "\"\($0)\":\($1)" }
            if random.chance(20) { members[members.count - 1] = "\"\(memberNames[memberNames.count - 1])\":1" }
            let text = "{" + members.joined(separator: ",") + "}"
            let bytes = Array(text.utf8)
            let layout = try #require(bytes.withUnsafeBufferPointer { JSONParser.layout($0) }, "\(text)")
            let lead = LeadText(bytes: bytes, layout: layout)
            resolved.resolve(lead, names: table)
            for (slot, name) in table.slots.enumerated() {
                let key = slot < Self.names.count ? Self.names[slot] : "customValues"
                let expected = lead.value(of: key)
                #expect(resolved.json(ofName: Int(name.name)).map(JSONWriter.write) == expected.map(JSONWriter.write), "\(key) in \(text)")
                #expect(resolved.value(ofName: Int(name.name)) == Value(expected), "\(key) in \(text)")
            }
        }
        #expect(same > 1_000)
    }

    /// Names that share a bucket: many names, each found, and names not in the table not found (a bucket of several
    /// names is followed to its end).
    @Test func bucketsOfSeveralNames() {
        var random = SplitMix64(seed: 0xB0C4)
        for _ in 0..<200 {
            let count = 1 + Int(random.next() % 200)
            let letters: [Character] = ["a", "b", "_", "é"]
            let all = (0..<400).map { index in String((0..<Int(random.next() % 24)).map { _ in letters[Int(random.next() % 4)] }) + "\(index % 7)" }
            let keys = Array(all.prefix(count))
            let table = LeadFieldNames(fieldKeys: keys)
            for name in Set(all) {
                // In a text, between quotes, with fewer and more than eight bytes after it.
                for tail in ["", ":1,\"zzzzzzzz\":2"] {
                    let text = Array(("\"" + name + "\"" + tail).utf8)
                    let index = text.withUnsafeBufferPointer { text in
                        table.index(of: text.baseAddress! + 1, count: name.utf8.count, readable: text.count - 1)
                    }
                    if let slot = keys.firstIndex(of: name) {
                        #expect(index == Int(table.slots[slot].name), "\(name)")
                    } else {
                        #expect(index == -1, "\(name)")
                    }
                }
            }
        }
    }

    /// A value made from a member's bytes without a `JSONValue` between is the `Value` of the decoded one.
    @Test func valuesMadeFromTheBytesAreTheDecodedOnes() throws {
        var random = SplitMix64(seed: 0xDEC0DE)
        let fixed = [#""""#, #""a""#, #""\"\\\/\b\f\n\r\t""#, #""\u00e9\ud83d\ude00 ж""#, "0", "-0", "7", "-12",
                     "123456789012345678", "1234567890123456789", "-123456789012345678", "99999999999999999999", "1.5",
                     "-0.0", "1e3", "3.0", "true", "false", "null", "[]", "[1,null,\"x\"]", "{}", #"{"a":[1,{"b":null}]}"#]
        let texts = fixed + (0..<3_000).map { _ in Self.jsonValue(&random, depth: 0) }
        for text in texts {
            let bytes = Array(text.utf8)
            _ = try JSONParser.parse(text)
            let (fast, decoded) = bytes.withUnsafeBufferPointer { (ResolvedLeadText.value($0), Value(JSONParser.decodeChecked($0))) }
            #expect(fast == decoded, "\(text)")
            #expect(fast.jsonValue.isNull || JSONWriter.write(fast.jsonValue) == JSONWriter.write(decoded.jsonValue), "\(text)")
        }
    }

    /// The values as the evaluator keeps them (``ResolvedLeadText/heldValue(ofName:texts:storage:readingText:)``: a
    /// string copied into the text memory, short ones as one sixteen-byte word; one digit and `null` made inline) are
    /// the values read (``ResolvedLeadText/value(ofName:)``): string literals of 0 to 24 bytes with an escape (or a
    /// non-ASCII character) at every place, integers, `null`, other values, the member last in the text or not (fewer
    /// than sixteen bytes after a short literal), one text memory for all leads.
    @Test func heldValuesAreTheValuesRead() throws {
        var random = SplitMix64(seed: 0x4E1D_5A7E)
        let table = LeadFieldNames(fieldKeys: ["phone", "name", "statusId"])
        let storage = LeadTextStorage(capacity: 64)
        var texts = LeadTextBuffer(storage)
        var resolved = ResolvedLeadText()
        let pieces = [#"\""#, #"\\"#, #"\n"#, #"\u00e9"#, #"\/"#, "ж", "🙂", "\u{AD}", "+", " ", "-"]
        var literals: [String] = []
        for length in 0...24 {
            let filler = String((0..<length).map { index in Character(String(index % 10)) })
            literals.append(filler)
            for place in 0...length {
                for piece in pieces where random.chance(40) {
                    var bytes = Array(filler.utf8)
                    bytes.replaceSubrange(place..<Swift.min(place + 1, length), with: Array(piece.utf8))
                    literals.append(String(decoding: bytes, as: UTF8.self))
                }
            }
        }
        var generation: UInt32 = 0, short = 0
        for literal in literals {
            let values = ["\"" + literal + "\"", "\"" + literal + "\"", random.pick(["7", "0", "12", "-3", "null", "true", "1.5", "[1]"])]
            for last in [false, true] {
                var members = zip(["phone", "name", "statusId"], values).map { "\"\($0)\":\($1)" }
                if last { members.swapAt(0, 2) } else if random.chance(50) { members.append(#""id":1"#) }
                let text = "{" + members.joined(separator: ",") + "}"
                let bytes = Array(text.utf8)
                let layout = try #require(bytes.withUnsafeBufferPointer { JSONParser.layout($0) }, "\(text)")
                let lead = LeadText(bytes: bytes, layout: layout)
                resolved.resolve(lead, names: table)
                generation &+= 1
                texts.reset(generation: generation)
                for slot in 0..<3 {
                    let name = Int(table.slots[slot].name)
                    let expected = resolved.value(ofName: name)
                    let held = resolved.heldValue(ofName: name, texts: &texts, storage: storage)
                    #expect(texts.value(of: held) == expected, "\(slot) in \(text)")
                    if slot == 0, literal.utf8.count <= 16, !last { short += 1 }
                }
            }
        }
        #expect(short > 300)
    }

    /// The patch's old value made from the value read (``EvaluationCore/oldJSON(_:)``) is the JSON it was read from,
    /// `null` and absent alike `nil`: `Value(json).jsonValue` gives back every JSON value but `null`.
    @Test func theValueReadGivesBackItsJSON() throws {
        var random = SplitMix64(seed: 0x01D_7A1)
        for _ in 0..<3_000 {
            let json = try JSONParser.parse(Self.jsonValue(&random, depth: 0))
            let back = Value(json).jsonValue
            if case .null = json { #expect(Value(json) == .missing) } else {
                #expect(JSONWriter.write(back) == JSONWriter.write(json))
                #expect(back == json)
            }
        }
    }

    /// Random rulesets evaluated on random leads read as text and decoded: the same evaluation at every detail (the
    /// resolved names, the values made from the bytes and the old values made from the values read, against the
    /// dictionary of a decoded lead).
    @Test func leadsReadAsTextAndDecodedAreEvaluatedAlike() throws {
        var rulesets = RandomRulesets(seed: 0xF1E1_D5_0001)
        var leads = RandomLeads(seed: 0xF1E1_D5_0002)
        var random = SplitMix64(seed: 0xF1E1_D5_0003)
        var compared = 0, patched = 0
        for (_, engine) in rulesets.engines(150) {
            let evaluator = engine.makeEvaluator()
            var buffer = EvaluationBuffer()
            for index in 0..<16 {
                let text = leads.lead(id: index + 1)
                guard let lazy = Lead(checkedText: Array(text.utf8)) else { continue }
                let eager = try Lead(json: try JSONParser.parse(text))
                let now = random.pick(ReferencePropertyTests.times)
                for detail in EvaluationBufferTests.details {
                    let a = try EvaluationBufferTests.snapshot(evaluator.evaluate(lazy, now: now, detail: detail))
                    let b = try EvaluationBufferTests.snapshot(evaluator.evaluate(eager, now: now, detail: detail))
                    #expect(a == b, "\(text)")
                    evaluator.evaluate(lazy, now: now, detail: detail, into: &buffer)
                    #expect(try EvaluationBufferTests.snapshot(buffer.evaluation(fired: buffer.firedWriters.map { engine.program.writers[$0].name })) == b)
                    compared += 1
                    if !buffer.patch.isEmpty { patched += 1 }
                }
            }
        }
        #expect(compared > 3_000 && patched > 500)
    }

    /// A random JSON value's text: strings with escapes and non-ASCII, integers of every length, other numbers,
    /// literals, and (not too deep) arrays and objects.
    static func jsonValue(_ random: inout SplitMix64, depth: Int) -> String {
        switch random.next() % (depth > 2 ? 6 : 8) {
        case 0:
            let pieces = ["a", "ж", "🙂", #"\""#, #"\\"#, #"\n"#, #"\u00e9"#, #"\ud83d\ude00"#, "12", " ", #"\/"#, "abcdefghij"]
            return "\"" + (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined() + "\""
        case 1:
            let digits = 1 + Int(random.next() % 21)
            let number = String((0..<digits).map { index in Character(String(index == 0 && digits > 1 ? 1 + random.next() % 9 : random.next() % 10)) })
            return (random.chance(30) ? "-" : "") + number
        case 2: return ["1.5", "-0.25", "1e3", "2E-2", "3.0", "-0.0", "0.1"][Int(random.next() % 7)]
        case 3: return ["true", "false"][Int(random.next() % 2)]
        case 4: return "null"
        case 5: return "\"" + String(random.next() % 1000) + "\""
        case 6: return "[" + (0..<Int(random.next() % 4)).map { _ in jsonValue(&random, depth: depth + 1) }.joined(separator: ",") + "]"
        default:
            return "{" + (0..<Int(random.next() % 4)).map { _ in
                "\"\(names[Int(random.next() % UInt64(names.count))])\":" + jsonValue(&random, depth: depth + 1)
            }.joined(separator: ",") + "}"
        }
    }
}
