import BenchSupport
import Foundation
import JSON
import Testing
@testable import LeadEngine

/// Tables of one key, condition and field run as one at patch-only detail (``TableFamilies``): which tables form a
/// family, and evaluations with families against the same evaluations with every member run by itself
/// (``EvaluationCore/runsTableFamilies`` off) and at patch detail (every writer run).
@Suite struct TableFamiliesTests {
    /// The names of the members of each family of `rules`, in writer order.
    static func families(_ rules: String) throws -> [[String]] {
        let program = try engine(rules).program
        let plan = EvaluationPlan(program)
        return plan.tableFamilies.map { family in family.members.map { program.writers[$0].name } }
    }

    @Test func thePacksZoneTablesAreOneFamilyWalkedFromTheHighestPrecedence() throws {
        let engine = try Engine(directory: PackDifferentialTests.root)
        let plan = EvaluationPlan(engine.program)
        #expect(plan.tableFamilies.count == 1)
        let family = try #require(plan.tableFamilies.first)
        #expect(family.members.count == 5)
        let ranked = plan.familyMembers[family.ranked].map { engine.program.writers[$0.writer].precedence }
        #expect(ranked == [20, 15, 12, 11, 10])
        #expect(plan.outranking[family.members.lowerBound].family == 0)
        #expect(plan.outranking.filter { $0.family >= 0 }.count == 1)
    }

    static let zoneTables = """
    const correct = false
    table "A" precedence 5 {
      when utcOffset is empty or correct
      set utcOffset from phone_first(phone) by longest prefix
      "7" => zone("Europe/Moscow")
    }
    table "B" precedence 9 {
      when utcOffset is empty or correct
      set utcOffset from phone_first(phone) by first match
      "79" => zone("Asia/Yekaterinburg")
      "1" => zone("America/New_York")
    }
    """

    @Test func tablesOfOneKeyConditionAndFieldAreOneFamily() throws {
        #expect(try Self.families(Self.zoneTables) == [["A", "B"]])
        // No condition at all, and a status test with a presence test, are conditions too.
        #expect(try Self.families("""
        table "A" { set customValues[5] from digits(phone) by longest prefix
          "7" => "a" }
        table "B" precedence 3 { set customValues[5] from digits(phone) by longest prefix
          "79" => "b" }
        """) == [["A", "B"]])
        #expect(try Self.families("""
        status new = 1
        table "A" { when status == new and name is present
          fill customValues[5] from digits(phone) by longest prefix
          "7" => "a" }
        table "B" { when status == new and name is present
          fill customValues[5] from digits(phone) by longest prefix
          "79" => "b" }
        """) == [["A", "B"]])
    }

    @Test func tablesThatDifferAreNotMerged() throws {
        func pair(_ first: String, _ second: String, prelude: String = "") -> String {
            """
            \(prelude)
            table "A" precedence 5 {
              \(first)
              "7" => "a"
            }
            table "B" precedence 9 {
              \(second)
              "79" => "b"
            }
            """
        }
        let same = "when name is present\n  set customValues[5] from phone_first(phone) by longest prefix"
        #expect(try Self.families(pair(same, same)) == [["A", "B"]])
        // Another key, another field, another mode, another condition, a condition part that is no presence or status
        // test, a key that can fail.
        let others = [
            "when name is present\n  set customValues[5] from digits(phone) by longest prefix",
            "when name is present\n  set customValues[6] from phone_first(phone) by longest prefix",
            "when name is present\n  fill customValues[5] from phone_first(phone) by longest prefix",
            "when name is missing\n  set customValues[5] from phone_first(phone) by longest prefix",
            "when name is present and utcOffset is empty\n  set customValues[5] from phone_first(phone) by longest prefix",
            "when name ~ /а/\n  set customValues[5] from phone_first(phone) by longest prefix",
            "when name is present\n  set customValues[5] from replace(phone, /-/, \"\") by longest prefix",
        ]
        for other in others {
            #expect(try Self.families(pair(same, other)) == [], "\(other)")
        }
        // Rows of regexes (their walk can fail).
        #expect(try Self.families("""
        table "A" { set customValues[5] from digits(phone) by first match
          /^7/ => "a" }
        table "B" { set customValues[5] from digits(phone) by first match
          "79" => "b" }
        """) == [])
        // A writer between them: two tables are no family, three and three are two.
        let table = { (name: String) in
            "table \"\(name)\" {\n  when name is present\n  set customValues[5] from phone_first(phone) by longest prefix\n  \"7\" => \"\(name)\"\n}\n"
        }
        let between = "rule \"Between\" {\n  when name is present\n  set customValues[5] = \"r\"\n}\n"
        #expect(try Self.families(table("A") + between + table("B")) == [])
        #expect(try Self.families(table("A") + table("B") + table("C") + between + table("D") + table("E"))
                == [["A", "B", "C"], ["D", "E"]])
        // A table writing a field its key reads leaves the next table a key of its own (``TableKeySharing``).
        #expect(try Self.families("""
        table "A" { set name from lower(name) by longest prefix
          "ив" => "Пётр" }
        table "B" { set name from lower(name) by longest prefix
          "пё" => "П" }
        """) == [])
    }

    /// The three evaluations of `lead` compared: patch-only with families (`on`), patch-only with every member run by
    /// itself (`off`), and patch detail (`full`). Returns `on`.
    @discardableResult
    static func compare(_ on: Evaluator, _ off: Evaluator, _ lead: Lead, _ text: String, edited: EditedFields = .none,
                        sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Evaluation {
        let fast = on.evaluate(lead, now: winter, detail: .patchOnly, keeping: edited)
        let general = off.evaluate(lead, now: winter, detail: .patchOnly, keeping: edited)
        let full = on.evaluate(lead, now: winter, detail: .patch, keeping: edited)
        #expect(fast.patch.jsonBody() == general.patch.jsonBody(), "\(text)", sourceLocation: sourceLocation)
        #expect(fast.patch.jsonBody() == full.patch.jsonBody(), "\(text)", sourceLocation: sourceLocation)
        #expect(fast.writtenFields == general.writtenFields, "\(text)", sourceLocation: sourceLocation)
        #expect(fast.writtenFields == full.changes.map(\.writtenField), "\(text)", sourceLocation: sourceLocation)
        #expect(fast.errors == general.errors && fast.errors == full.errors, "\(text)", sourceLocation: sourceLocation)
        // The writers that fired: those of the general path in order, some left out, never the writer of a change.
        var rest = general.fired[...]
        for name in fast.fired {
            guard let at = rest.firstIndex(of: name) else {
                Issue.record("\(name) fired only with families: \(fast.fired) \(general.fired) \(text)", sourceLocation: sourceLocation)
                break
            }
            rest = rest[rest.index(after: at)...]
        }
        for written in fast.writtenFields where !fast.fired.contains(written.rule) {
            Issue.record("\(written.rule) wrote \(written.field) but is not named fired: \(text)", sourceLocation: sourceLocation)
        }
        return fast
    }

    @Test func aFamilyTakesTheFieldAsItsMembersOneByOne() throws {
        let rules = Self.zoneTables + """

        table "C" precedence 9 {
          when utcOffset is empty or correct
          set utcOffset from phone_first(phone) by longest prefix
          "7" => 4
        }
        table "D" precedence 1 {
          when utcOffset is empty or correct
          set utcOffset from phone_first(phone) by longest prefix
          "3" => zone("Europe/Kyiv")
        }
        """
        #expect(try Self.families(rules) == [["A", "B", "C", "D"]])
        let engine = try engine(rules)
        let on = engine.makeEvaluator(), off = engine.makeEvaluator()
        off.core.runsTableFamilies = false
        for (json, body) in [
            // B (9, loaded before C) and C (9) both have a row: B's wins, C's loses, D finds none.
            (#"{"id": 1, "phone": "+7 916 123-45-67"}"#, #"{"utcOffset":5}"#),
            // C's row of "7" (B has none for 7495) beats A's.
            (#"{"id": 2, "phone": "+7 495 123-45-67"}"#, #"{"utcOffset":4}"#),
            // Only D has a row.
            (#"{"id": 3, "phone": "+380 44 123 4567"}"#, #"{"utcOffset":2}"#),
            (#"{"id": 4, "phone": "+1 212 6673449"}"#, #"{"utcOffset":-5}"#),
            (#"{"id": 5, "phone": "+1 212 6673449", "utcOffset": 3}"#, #"{}"#),
            (#"{"id": 6, "phone": "нет"}"#, #"{}"#),
            (#"{"id": 7}"#, #"{}"#),
        ] {
            let fast = Self.compare(on, off, try lead(json), json)
            #expect(fast.patch.jsonBody() == body, "\(json)")
            #expect(fast.fired.count <= 1)
        }
        // People's edits: the members run one by one.
        Self.compare(on, off, try lead(#"{"id": 8, "phone": "+7 916 123-45-67"}"#), "edited",
                     edited: EditedFields(["utcOffset": "changed by a person since run 1"]))
    }

    @Test func aFieldHeldByABetterWriterIsLeftToIt() throws {
        let rules = """
        rule "Known" precedence 30 {
          when name == "Москва"
          set utcOffset = 3
        }
        rule "Guess" precedence 0 {
          when name == "Гость"
          set utcOffset = 0
        }
        """ + "\n" + Self.zoneTables
        #expect(try Self.families(rules) == [["A", "B"]])
        let engine = try engine(rules)
        let on = engine.makeEvaluator(), off = engine.makeEvaluator()
        off.core.runsTableFamilies = false
        for name in ["Москва", "Гость", "Иван"] {
            let json = #"{"id": 1, "name": "\#(name)", "phone": "+7 916 123-45-67"}"#
            let fast = Self.compare(on, off, try lead(json), json)
            #expect(fast.patch.jsonBody() == (name == "Москва" ? #"{"utcOffset":3}"# : #"{"utcOffset":5}"#), "\(json)")
        }
    }

    /// A random pack of tables, some of one key, condition and field next to each other, some not, with rules between.
    static func randomPack(_ random: inout SplitMix64) -> String {
        var text = "status new = 1, junk = 9 category disqualified\nconst correct = false\n"
        let keys = ["phone_first(phone)", "phone_first(phone)", "phone_first(phone)", "digits(phone)", "e164(phone)"]
        let conditions = ["", "when utcOffset is empty or correct", "when utcOffset is empty or correct",
                          "when status == new", "when name is present and customValues[5] is empty",
                          "when customValues[6] is empty", "when length(phone) > 12"]
        let fields = ["utcOffset", "utcOffset", "utcOffset", "customValues[5]", "customValues[6]"]
        // A few shapes per pack, so that neighbours often share one.
        let shapes = (0..<(1 + random.below(3))).map { _ in
            (key: random.pick(keys), condition: random.pick(conditions), field: random.pick(fields),
             mode: random.chance(80) ? "set" : "fill")
        }
        for t in 0..<(2 + random.below(6)) {
            if random.chance(15) {
                let field = random.pick(fields)
                let value = field == "utcOffset" ? "\(random.below(12))" : "\"rule \(t)\""
                text += "rule \"Rule \(t)\" precedence \(random.pick([0, 5, 10, 30])) {\n  when name is present\n  set \(field) = \(value)\n}\n"
            }
            let shape = random.pick(shapes)
            let policy = random.chance(70) ? "longest prefix" : "first match"
            text += "table \"T\(t)\" precedence \(random.pick([0, 5, 10, 10, 12, 15, 20])) {\n"
            if !shape.condition.isEmpty { text += "  \(shape.condition)\n" }
            text += "  \(shape.mode) \(shape.field) from \(shape.key) by \(policy)\n"
            var seen = Set<String>()
            for _ in 0..<(1 + random.below(6)) {
                let key = String((0..<(1 + random.below(4))).map { _ in random.pick(Array("7913")) })
                guard seen.insert(key).inserted else { continue }
                let value: String
                if shape.field == "utcOffset" {
                    value = random.pick(["zone(\"Europe/Moscow\")", "zone(\"Asia/Almaty\")", "zone(\"America/New_York\")", "5", "-3"])
                } else {
                    value = random.pick(["\"a\"", "\"b\"", "\"T\(t)\""])
                }
                text += "  \"\(key)\" => \(value)\n"
            }
            text += "}\n"
        }
        return text
    }

    static func randomLead(_ random: inout SplitMix64, id: Int) -> String {
        var fields: [String: JSONValue] = ["id": .int(id)]
        if random.chance(90) { fields["phone"] = .string(PhoneSliceReadingTests.phone(&random)) }
        if random.chance(30) { fields["utcOffset"] = random.chance(50) ? .null : .int(random.below(10)) }
        if random.chance(60) { fields["name"] = .string(random.pick(["Иван", "Ольга", ""])) }
        if random.chance(70) { fields["statusId"] = .int(random.pick([1, 1, 9])) }
        if random.chance(30) { fields["customValues"] = .object([("5", .string(random.pick(["x", ""])))]) }
        return JSONWriter.write(.object(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
    }

    @Test func randomPacksEvaluateWithFamiliesAsWithoutThem() throws {
        var random = SplitMix64(seed: 0x7AB1E5)
        var packs = 0, withFamilies = 0, rejected = 0, familyWrites = 0, evaluations = 0
        while packs < 300 {
            let rules = Self.randomPack(&random)
            guard let engine = try? Engine(source: rules, path: "random.rules") else {
                rejected += 1
                continue
            }
            packs += 1
            let plan = EvaluationPlan(engine.program)
            let members = Set(plan.tableFamilies.flatMap { $0.members.map { engine.program.writers[$0].name } })
            if !plan.tableFamilies.isEmpty { withFamilies += 1 }
            let on = engine.makeEvaluator(), off = engine.makeEvaluator()
            off.core.runsTableFamilies = false
            for id in 1...40 {
                let text = Self.randomLead(&random, id: id)
                let decoded = try Lead(json: try JSONParser.parse(text))
                let lazy = try #require(Lead(checkedText: Array(text.utf8)), "\(text)")
                let edited = random.chance(10) ? EditedFields([random.pick(["utcOffset", "customValues[5]"]): "a person"]) : .none
                let fast = Self.compare(on, off, lazy, rules + "\n" + text, edited: edited)
                Self.compare(on, off, decoded, rules + "\n" + text, edited: edited)
                evaluations += 1
                if fast.writtenFields.contains(where: { members.contains($0.rule) }) { familyWrites += 1 }
            }
        }
        // Rejected: first-match rows that an earlier one covers, and the like.
        #expect(rejected < packs, "rejected \(rejected) of \(packs + rejected)")
        #expect(withFamilies > 100 && familyWrites > 1_000, "\(withFamilies) packs with families, \(familyWrites) of \(evaluations) evaluations written by a member")
    }
}
