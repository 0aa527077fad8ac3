import BenchSupport
import Foundation
import JSON
import Testing
@testable import LeadEngine

/// A change's old value (``FieldChange/old``) when the evaluator kept it as bytes of its own memory (a lead read as
/// text): what it reads, encodes and compares as, while the evaluator goes on to the next leads.
@Suite struct OldValueTests {
    /// A lead read lazily from its text (fields decoded when read), as `enrich run` reads them.
    static func lazyLead(_ json: String) throws -> Lead {
        try #require(Lead(checkedText: Array(json.utf8)))
    }

    /// What a change says, as bytes (its encoding, keys sorted).
    static func encoding(_ change: FieldChange) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(change), as: UTF8.self)
    }

    static let rules = """
    rule "Phones" {
      when phone ~ /\\d/
      set phone = e164(phone)
    }
    rule "Names" {
      when name ~ /\\p{L}/
      set name = "Клиент"
    }
    """

    @Test func aChangeKeptAcrossTheNextEvaluationsReadsItsOwnOldValue() throws {
        let engine = try engine(Self.rules)
        let evaluator = engine.makeEvaluator()
        var buffer = EvaluationBuffer()
        let first = #"{"id": 1, "phone": "+7 (495) 123-45-67", "name": "Иван Петрович Сидоров"}"#
        evaluator.evaluate(try Self.lazyLead(first), now: winter, detail: .provenance, into: &buffer)
        let kept = buffer.changes
        #expect(kept.map(\.old) == [.string("Иван Петрович Сидоров"), .string("+7 (495) 123-45-67")])
        let encodings = try kept.map(Self.encoding)
        // The same lead decoded up front: its old values are plain JSON values.
        let decoded = engine.makeEvaluator().evaluate(try lead(first), now: winter, detail: .provenance).changes
        #expect(kept == decoded)
        #expect(try decoded.map(Self.encoding) == encodings)

        // The next leads, into the same buffer and through the evaluator's own (longer values, then shorter).
        for (id, phone, name) in [(2, "+7 (916) 765-43-21", "Анна Сергеевна Иванова-Петрова"), (3, "8 916 7654321", "Ян")] {
            let json = #"{"id": \#(id), "phone": "\#(phone)", "name": "\#(name)"}"#
            evaluator.evaluate(try Self.lazyLead(json), now: winter, detail: .provenance, into: &buffer)
            #expect(buffer.changes.map(\.old) == [.string(name), .string(phone)])
            _ = evaluator.evaluate(try Self.lazyLead(json), now: winter, detail: .patch)
        }
        #expect(kept.map(\.old) == [.string("Иван Петрович Сидоров"), .string("+7 (495) 123-45-67")])
        #expect(try kept.map(Self.encoding) == encodings)
        #expect(kept == decoded)
    }

    @Test func theOldTextsAreReusedWhenNoChangeIsKept() throws {
        let evaluator = try engine(Self.rules).makeEvaluator()
        var buffer = EvaluationBuffer()
        let json = #"{"id": 1, "phone": "+7 (495) 123-45-67"}"#
        evaluator.evaluate(try Self.lazyLead(json), now: winter, detail: .patch, into: &buffer)
        let memory = ObjectIdentifier(evaluator.core.oldTexts)
        evaluator.evaluate(try Self.lazyLead(json), now: winter, detail: .patch, into: &buffer)
        #expect(ObjectIdentifier(evaluator.core.oldTexts) == memory)
        // A change kept: its texts are left to it, the evaluator takes new memory.
        let kept = buffer.changes
        evaluator.evaluate(try Self.lazyLead(#"{"id": 2, "phone": "8 (916) 765-43-21"}"#), now: winter, detail: .patch, into: &buffer)
        #expect(ObjectIdentifier(evaluator.core.oldTexts) != memory)
        #expect(kept.first?.old == .string("+7 (495) 123-45-67"))
        #expect(buffer.changes.first?.old == .string("8 (916) 765-43-21"))
    }

    /// A change whose old value is no text (an integer, or none) holds the evaluator's old-text memory only for its
    /// provenance table (``FieldChange/table``): kept by the caller, it goes on naming its field, rule, location and
    /// table row while the evaluator appends the next leads' old texts to that memory (left empty by it, it is not
    /// replaced) and empties the buffer it came from.
    @Test func aChangeWithoutAnOldTextKeptAcrossTheNextEvaluationsReadsItsOwnProvenance() throws {
        let rules = """
        table "Zones" {
          set utcOffset from phone_first(phone) by longest prefix
          "7495" => 3
          "7343" => 5
        }
        rule "Names" {
          when name ~ /\\p{L}/
          set name = "Клиент"
        }
        """
        let engine = try engine(rules)
        let evaluator = engine.makeEvaluator()
        var buffer = EvaluationBuffer()
        let first = #"{"id": 1, "phone": "+7 (495) 123-45-67", "utcOffset": 5}"#
        evaluator.evaluate(try Self.lazyLead(first), now: winter, detail: .provenance, into: &buffer)
        let kept = buffer.changes
        let encodings = try kept.map(Self.encoding)
        #expect(kept.map(\.field) == ["utcOffset"])
        #expect(kept.map(\.old) == [.int(5)])
        #expect(kept.map(\.new) == [.int(3)])
        #expect(kept.map(\.rule) == ["Zones"])
        #expect(kept.first?.tableRow?.rowKey == "\"7495\"")
        #expect(kept.first?.tableRow?.lookedUp == "74951234567")
        let decoded = engine.makeEvaluator().evaluate(try lead(first), now: winter, detail: .provenance).changes
        #expect(kept == decoded)
        let memory = ObjectIdentifier(evaluator.core.oldTexts)

        // The next lead writes its old texts into the same memory (the kept change has none of its bytes); the one
        // after, finding that memory written and still held, takes new memory.
        for (id, phone, name) in [(2, "+7 (343) 765-43-21", "Анна Сергеевна Иванова-Петрова"), (3, "+7 343 7654321", "Ян")] {
            let json = #"{"id": \#(id), "phone": "\#(phone)", "name": "\#(name)", "utcOffset": 3}"#
            evaluator.evaluate(try Self.lazyLead(json), now: winter, detail: .provenance, into: &buffer)
            #expect(buffer.changes.map(\.old) == [.string(name), .int(3)])
            #expect(buffer.changes.map(\.rule) == ["Names", "Zones"])
            #expect((ObjectIdentifier(evaluator.core.oldTexts) == memory) == (id == 2))
        }
        #expect(kept.map(\.old) == [.int(5)])
        #expect(kept.first?.tableRow?.rowKey == "\"7495\"")
        #expect(try kept.map(Self.encoding) == encodings)
        #expect(kept == decoded)
    }

    @Test func aPhoneSpelledWithOrWithoutPlusIsNoChangeWhenReadAsText() throws {
        let rules = """
        rule "Phones" {
          when phone ~ /\\d/
          set phone = "+79161234567"
        }
        """
        let evaluator = try engine(rules).makeEvaluator()
        for (phone, changed) in [("79161234567", false), ("+79161234567", false), ("++79161234567", false), ("79161234568", true),
                                 ("７9161234567", true), ("+7 916 123-45-67", true)] {
            let json = #"{"id": 1, "phone": "\#(phone)"}"#
            let lazy = evaluator.evaluate(try Self.lazyLead(json), now: winter, detail: .patch)
            let decoded = evaluator.evaluate(try lead(json), now: winter, detail: .patch)
            #expect(lazy.changes.isEmpty != changed, "\(phone)")
            #expect(lazy.changes == decoded.changes, "\(phone)")
        }
    }

    @Test func canonicallyEquivalentTextIsNoChangeWhenReadAsText() throws {
        // "é" written precomposed in the lead, decomposed in the rule (and the other way round).
        for (held, wanted) in [("Caf\\u00e9 и кофе", "Cafe\u{301} и кофе"), ("Cafe\\u0301 и кофе", "Caf\u{e9} и кофе")] {
            let rules = """
            rule "Names" {
              when name ~ /\\p{L}/
              set name = "\(wanted)"
            }
            """
            let json = #"{"id": 1, "name": "\#(held)"}"#
            let evaluator = try engine(rules).makeEvaluator()
            #expect(evaluator.evaluate(try Self.lazyLead(json), now: winter, detail: .patch).changes.isEmpty)
            #expect(evaluator.evaluate(try lead(json), now: winter, detail: .patch).changes.isEmpty)
        }
    }

    /// Random rulesets and leads, each read lazily and decoded: the same changes (equal, encoded the same), every
    /// old value the lead's own value of the field; the lazy evaluator's changes kept until its last lead.
    @Test func oldValuesAreTheLeadsValuesOnRandomLeads() throws {
        var rulesets = RandomRulesets(seed: 0x01D_0001)
        var leads = RandomLeads(seed: 0x01D_0002)
        var random = SplitMix64(seed: 0x01D_0003)
        var compared = 0, longTexts = 0
        for (_, engine) in rulesets.engines(150) {
            let lazyEvaluator = engine.makeEvaluator(), decodedEvaluator = engine.makeEvaluator()
            var buffer = EvaluationBuffer()
            var kept: [(change: FieldChange, old: JSONValue?, encoding: String)] = []
            for index in 0..<20 {
                let json = leads.lead(id: index + 1)
                let decoded = try lead(json)
                guard let lazy = Lead(checkedText: Array(json.utf8)) else { continue }
                let now = random.pick(ReferencePropertyTests.times)
                let detail = random.pick(EvaluationBufferTests.details)
                lazyEvaluator.evaluate(lazy, now: now, detail: detail, into: &buffer)
                let expected = decodedEvaluator.evaluate(decoded, now: now, detail: detail).changes
                #expect(buffer.changes == expected, "\(json)")
                #expect(try buffer.changes.map(Self.encoding) == expected.map(Self.encoding), "\(json)")
                for change in buffer.changes {
                    let own = Self.value(of: change.field, in: decoded)
                    #expect(change.old == own, "\(change.field) of \(json)")
                    if case let .string(text)? = own, text.utf8.count > 15 { longTexts += 1 }
                    if random.chance(30) { kept.append((change, change.old, try Self.encoding(change))) }
                    compared += 1
                }
            }
            for (change, old, encoding) in kept {
                #expect(change.old == old)
                #expect(try Self.encoding(change) == encoding)
            }
        }
        print("old values: \(compared) changes compared, \(longTexts) with an old text over 15 bytes")
        #expect(compared > 1_000 && longTexts > 30)
    }

    /// The lead's own value of a field key (`nil` when absent or `null`), as the patch's old value is.
    static func value(of key: String, in lead: Lead) -> JSONValue? {
        let value: JSONValue?
        if key.hasPrefix("customValues[") {
            let id = String(key.dropFirst("customValues[".count).dropLast())
            value = lead["customValues"]?[id]
        } else {
            value = lead[key]
        }
        if value == .null { return nil }
        return value
    }
}
