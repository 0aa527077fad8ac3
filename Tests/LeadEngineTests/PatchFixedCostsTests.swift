import BenchSupport
import Foundation
@testable import JSON
import LeadFields
import RulesLanguage
import Testing
@testable import LeadEngine

/// The per-lead fixed costs around the writers (sixteenth round): the patch's inline validation and its test of a value
/// that keeps its field, each against the general path; the per-lead memos (``LeadMemo``) against `Array`; the touched
/// field slots kept as a count; the patch of many written fields against the reference interpreter.
@Suite struct PatchFixedCostsTests {
    /// Every field a rule may write, as the patch reads it: the updatable top-level fields, a custom value, a name Liner
    /// does not have.
    static let slots: [PatchSlot] = slotFields.map(PatchSlot.init)
    /// Their fields (a ``PatchSlot`` holds its field unretained: these keep them).
    static let slotFields = (LeadFields.updatable.map(\.name).filter { $0 != LeadFields.customValues }
        + ["customValues[12]", "notALinerField"]).map { SlotField(key: $0) }

    /// Values of every kind, many of them at the edges of what a field takes: phones with and without `+`, of 9 to 16
    /// digits, blank and invisible texts, control characters, integers around 0 and far beyond 64 bits as text,
    /// doubles that are whole, fractional, infinite or NaN, zones, lists, JSON, `missing`.
    static func values(count: Int, seed: UInt64) -> [Value] {
        var random = SplitMix64(seed: seed)
        let pieces = ["+", "7", "9", "0", "1", " ", "-", "a", "٣", "\u{200B}", "\u{00A0}", "\t", "\u{1}", "\u{85}", "я", "00"]
        var values: [Value] = [.missing, .bool(true), .bool(false), .int(0), .int(-1), .int(1), .int(14), .int(15), .int(-12),
                               .int(-13), .int(Int.max), .int(Int.min), .double(.nan), .double(.infinity), .double(-.infinity),
                               .double(3), .double(2.5), .double(1e20), .string(""), .string(" "), .string("+"),
                               .string("99999999999999999999999"), .string("-5"), .string("5"), .string("+79001234567"),
                               .string("79001234567"), .string("+7900123456"), .string("+7900123456789012"),
                               .zone(TimeZone(identifier: "Asia/Yekaterinburg")!), .zone(TimeZone(identifier: "Pacific/Kiritimati")!),
                               .list([]), .list([.string("a"), .int(2)]), .json(.object([])), .json(.object([("a", .int(1))])), .clear]
        for _ in 0..<count {
            switch random.below(4) {
            case 0: values.append(.int(Int(truncatingIfNeeded: random.next()) >> random.below(64)))
            case 1:
                // A phone's digits, 9 to 16 of them, a `+` before or not.
                let digits = String((0..<(9 + random.below(8))).map { _ in Character(String(random.below(10))) })
                values.append(.string(random.chance(50) ? "+" + digits : digits))
            default: values.append(.string((0..<random.below(6)).map { _ in random.pick(pieces) }.joined()))
            }
        }
        return values
    }

    /// The patch's inline validation (``PatchValidator/validateQuickly(taking:for:now:)``) answers what the general one
    /// answers, for every kind of field and value: the same value sent, or the same problem and the value given back.
    @Test func theInlineValidationIsTheGeneralOne() {
        var quick = 0
        for slot in Self.slots {
            for value in Self.values(count: 2_000, seed: 0x16_0001) {
                let inline = PatchValidator.validateQuickly(taking: value, for: slot, now: winter)
                let general = PatchValidator.validate(taking: value, for: slot, now: winter)
                let borrowed = PatchValidator.validate(value, for: slot, now: winter)
                switch (inline, general, borrowed) {
                case let (.success(a), .success(b), .success(c)):
                    #expect(a == b && b == c, "\(slot.key) \(value)")
                    if case .int = value { quick += 1 }
                case let (.failure(a), .failure(b), .failure(c)):
                    #expect(a.problem.message == b.problem.message && b.problem.message == c.message, "\(slot.key) \(value)")
                    // (By description: NaN is not equal to itself.)
                    #expect("\(a.value)" == "\(value)" && "\(b.value)" == "\(value)", "\(slot.key) \(value)")
                default:
                    Issue.record("\(slot.key) \(value): \(inline) \(general) \(borrowed)")
                }
            }
        }
        #expect(quick > 1_000)
    }

    /// The guard that only `clear` empties a field: a value the validation made that the patch takes as surely keeping
    /// its field (``PatchValidator/surelyKeepsField(_:validatedFor:)``: a phone of a phone field without a look at its
    /// text) never empties it (``JSON/JSONValue/emptiesField``), whatever the field and the value.
    @Test func aValidatedValueTakenAsKeepingItsFieldDoesNotEmptyIt() {
        var phones = 0
        for slot in Self.slots {
            for value in Self.values(count: 3_000, seed: 0x16_0002) {
                guard case let .success(sent) = PatchValidator.validateQuickly(taking: value, for: slot, now: winter),
                      PatchValidator.surelyKeepsField(sent, validatedFor: slot) else { continue }
                #expect(!sent.emptiesField, "\(slot.key) \(value) -> \(sent)")
                if slot.kind == .phone { phones += 1 }
            }
        }
        #expect(phones > 500)
    }

    /// End to end: rules that write texts of every sort (blank, invisible, a lone `+`, digits) to phone, text, custom
    /// and integer fields send none that empties its field unless a `clear` asked for it, at every detail.
    @Test func nothingIsEmptiedWithoutAClear() throws {
        let engine = try engine("""
            rule "Write" {
              set phone = concat("+", digits(sourceComment))
              set telegramPhone = sourceComment
              set name = sourceComment
              set customValues[12] = trim(sourceComment)
              set vkId = digits(sourceComment)
              set priority = int(digits(sourceComment))
            }
            rule "Clear" {
              when sourceComment ~ /clear/
              clear instagramLogin
            }
            """)
        var random = SplitMix64(seed: 0x16_0003)
        // As written in the lead's JSON: invisible characters and white space as escapes.
        let pieces = ["+", "7", "9", "0", " ", "-", "\\u200B", "\\u00A0", "\\t", "\\n", "я", "clear"]
        let evaluator = engine.makeEvaluator()
        var buffer = EvaluationBuffer()
        var written = 0
        for id in 1...1_500 {
            let comment = (0..<random.below(14)).map { _ in random.pick(pieces) }.joined()
            let json = #"{"id": \#(id), "phone": "+79001234567", "instagramLogin": "x", "sourceComment": "\#(comment)"}"#
            let lead = try lead(json)
            for detail in [EvaluationDetail.patchOnly, .patch, .provenance, .trace] {
                let result = evaluator.evaluate(lead, now: winter, detail: detail)
                if detail == .patchOnly {
                    // (No changes at patch-only to name the clears: the patch's own checks.)
                    #expect(result.patch.isSelfConsistent, "\(result.patch.jsonBody())")
                    #expect(Patch.accidentalClears(in: result.patch.json, clears: result.patch.clears).isEmpty)
                } else {
                    expectNoAccidentalClear(result)
                }
                evaluator.evaluate(lead, now: winter, detail: detail, into: &buffer)
                #expect(buffer.patch == result.patch, "\(json)")
                written += result.patch.fields.count
            }
        }
        #expect(written > 5_000)
    }

    /// A program writing many fields in one lead (every slot touched, in an order other than the patch's) gives the
    /// reference interpreter's patch, changes and errors, lead after lead through one evaluator: the touched slots kept
    /// as a count (``EvaluationCore/touchedSlots``), emptied for each lead, are put in patch order.
    @Test func manyWrittenFieldsAgreeWithTheReference() throws {
        var rules = """
            rule "Low" precedence 2 {
              when priority > 3
              set name = "low"
              set priority = 1
            }

            """
        // Custom values in falling order of id, top-level fields against their wire order, some from a table.
        for id in stride(from: 40, to: 10, by: -1) {
            rules += "rule \"Custom \(id)\" {\n  when priority > \(id % 7)\n  set customValues[\(id)] = concat(\"v\", \(id))\n}\n"
        }
        rules += """
            rule "Bad" {
              when priority < 3
              set vkId = concat("x", priority)
            }
            rule "Top" {
              when priority > 1
              set vkId = priority
              set telegramUserName = sourceComment
              set utcOffset = priority
              set name = concat("n", priority)
              set phone = concat("+7900123456", priority)
            }
            table "Zones" {
              fill utcOffset from sourceComment by longest prefix
              "a" => zone("Asia/Yekaterinburg")
              "c" => 3
            }

            """
        let engine = try engine(rules)
        let comparison = DifferentialComparison(engine)
        var random = SplitMix64(seed: 0x16_0004)
        var patched = 0, errors = 0
        for id in 1...400 {
            let priority = random.below(9)
            let comment = random.pick(["a", "b", "c", "", " ", "d"])
            let offset = random.chance(50) ? #", "utcOffset": \#(random.below(5))"# : ""
            let json = #"{"id": \#(id), "priority": \#(priority), "sourceComment": "\#(comment)"\#(offset)}"#
            let (difference, expected) = comparison.compare(try lead(json), now: winter)
            #expect(difference == nil, "\(json): \(difference ?? "")")
            if expected.patchBody != "{}" { patched += 1 }
            if !expected.errors.isEmpty { errors += 1 }
        }
        #expect(patched > 300)
        #expect(errors > 10)
    }

    /// ``LeadMemo`` against `Array`: the same elements after the same appends and emptyings (growing past its first
    /// room), every element destroyed once: when emptied, and when the last copy goes.
    @Test func aLeadMemoIsAnArrayEmptiedForEachLead() {
        let counter = FixedArrayTests.Counter()
        var random = SplitMix64(seed: 0x16_0005)
        do {
            let memo = LeadMemo<(Int, FixedArrayTests.Tracked)>(capacity: 2)
            var array: [(Int, FixedArrayTests.Tracked)] = []
            for step in 0..<3_000 {
                if random.chance(10) {
                    memo.removeAllKeepingCapacity()
                    array.removeAll()
                } else {
                    let element = (step, FixedArrayTests.Tracked(counter))
                    memo.append(element)
                    array.append(element)
                }
                #expect(memo.count == array.count && memo.indices == array.indices && memo.isEmpty == array.isEmpty)
                if step % 37 == 0 {
                    #expect(memo.indices.allSatisfy { memo[$0].0 == array[$0].0 && memo[$0].1 === array[$0].1 })
                }
            }
            array.removeAll()
            #expect(counter.alive == memo.count)
            memo.removeAllKeepingCapacity()
            #expect(counter.alive == 0)
            for _ in 0..<20 { memo.append((0, FixedArrayTests.Tracked(counter))) }
            #expect(counter.alive == 20)
        }
        #expect(counter.alive == 0)
    }

    /// The slice memo forgets, without destroying them, only entries whose destruction does nothing: a built-in and
    /// two slices are plain values, and an entry whose answer is a value is destroyed.
    @Test func theSliceMemoForgetsOnlyEntriesOfPlainValues() {
        #expect(_isPOD(TextSlice.self))
        #expect(_isPOD(BuiltinFunction.self))
        let slice = TextSlice(start: 0, end: 3, generation: 1)
        #expect(EvaluationCore.SliceMemoEntry(builtin: .phoneFirst, input: slice, output: .text(slice)).holdsNothing)
        #expect(!EvaluationCore.SliceMemoEntry(builtin: .length, input: slice, output: .value(.int(3))).holdsNothing)
        #expect(!EvaluationCore.SliceMemoEntry(builtin: .e164, input: slice, output: .value(.string("+79001234567"))).holdsNothing)
        let counter = FixedArrayTests.Counter()
        do {
            let memo = LeadMemo<(Bool, FixedArrayTests.Tracked?)>()
            for i in 0..<50 { memo.append(i % 3 == 0 ? (false, FixedArrayTests.Tracked(counter)) : (true, nil)) }
            #expect(counter.alive == 17)
            memo.removeAllKeepingCapacity(leaving: \.pointee.0)
            #expect(counter.alive == 0 && memo.isEmpty)
        }
    }
}
