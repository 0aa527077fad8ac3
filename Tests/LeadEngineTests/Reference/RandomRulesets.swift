import BenchSupport
import Foundation
@testable import LeadEngine

/// Random small rulesets for the property test: statuses and transitions, constants, rules with regex
/// conditions (word boundaries, alternations, named captures, case flags) on text fields and on
/// `text(sourceComment)`, comparisons, membership, presence tests and `and`/`or`/`not`; `set`, `fill`, `clear`
/// and `move` actions; precedences with ties; small tables of both policies; calls of built-ins.
///
/// Valid by construction as far as cheaply possible (fields get values of their type, captures come from the
/// condition, moves follow declared transitions); what the checker still rejects (a dependency cycle between
/// two random rules, say) the test skips and counts.
struct RandomRulesets {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// The next `count` random rulesets that the checker accepts, with their text; those it refuses are left out.
    mutating func engines(_ count: Int) -> [(text: String, engine: Engine)] {
        (0..<count).compactMap { _ in
            let text = ruleset()
            do {
                return (text, try Engine(source: text, path: "random.rules"))
            } catch {
                return nil  // a ruleset the checker refuses has no program
            }
        }
    }

    /// A regex the rules may test: text, flags, its named groups, and what it is meant for.
    struct Regex {
        let pattern: String
        let flags: String
        let groups: [String]
        /// Whether it suits a phone (digits) rather than a comment or a name.
        let phone: Bool
    }

    static let regexes: [Regex] = [
        Regex(pattern: #"\bсрочн\w*"#, flags: "i", groups: [], phone: false),
        Regex(pattern: #"\bсрочно\b"#, flags: "", groups: [], phone: false),
        Regex(pattern: #"не\s+(звонить|беспокоить)"#, flags: "i", groups: [], phone: false),
        Regex(pattern: #"(перезвон|позвон)\w*"#, flags: "i", groups: [], phone: false),
        Regex(pattern: #"бюджет[:\s]*(?<rub>\d[\d\s]*)"#, flags: "i", groups: ["rub"], phone: false),
        Regex(pattern: #"имя:\s*(?<n>\p{L}*)"#, flags: "", groups: ["n"], phone: false),
        Regex(pattern: #"\b(?<src>avito|instagram|авито)\b"#, flags: "i", groups: ["src"], phone: false),
        Regex(pattern: #"(?<word>готов\w*) купить"#, flags: "", groups: ["word"], phone: false),
        Regex(pattern: #"\bcall\b"#, flags: "i", groups: [], phone: false),
        Regex(pattern: #"(?<num>\d{2,})"#, flags: "", groups: ["num"], phone: false),
        Regex(pattern: #"^(?<first>\p{Lu}\p{Ll}+)"#, flags: "m", groups: ["first"], phone: false),
        Regex(pattern: #"цен[аыу]|стоимост"#, flags: "i", groups: [], phone: false),
        Regex(pattern: #"(?<opt>доп\.?\s*)?инфо"#, flags: "i", groups: ["opt"], phone: false),
        Regex(pattern: #"тест|test"#, flags: "i", groups: [], phone: false),
        // Shares `n` with the name regex, optionally: a later match without the group empties the capture.
        Regex(pattern: #"инфо(?:\s+(?<n>\p{L}+))?"#, flags: "i", groups: ["n"], phone: false),
        Regex(pattern: #"(?<n>\p{Lu}\p{Ll}+)\s+(?<src>\p{L}+)"#, flags: "", groups: ["n", "src"], phone: false),
        Regex(pattern: #"a.b"#, flags: "s", groups: [], phone: false),
        Regex(pattern: #"^\s*$"#, flags: "", groups: [], phone: false),
        Regex(pattern: #"СРОЧНО"#, flags: "", groups: [], phone: false),
        Regex(pattern: #"\bвопрос\s+(?<q>\d+)"#, flags: "i", groups: ["q"], phone: false),
        Regex(pattern: #"^\+7"#, flags: "", groups: [], phone: true),
        Regex(pattern: #"^7(?<code>\d{3})"#, flags: "", groups: ["code"], phone: true),
        Regex(pattern: #"^7(495|499)"#, flags: "", groups: [], phone: true),
        Regex(pattern: #"^7(\d)\1{9}$"#, flags: "", groups: [], phone: true),
        Regex(pattern: #"(?<tail>\d{4})$"#, flags: "", groups: ["tail"], phone: true),
        Regex(pattern: #"^(375|49|998)"#, flags: "", groups: [], phone: true),
    ]

    /// Subjects for comment regexes and for phone regexes.
    static let textSubjects = ["sourceComment", "text(sourceComment)", "name", "lower(name)", "sourceComment",
                               "text(sourceComment)", "json(sourceComment, \"quiz\")", "customValues[12]", "lead[\"utm_source\"]"]
    static let phoneSubjects = ["phone", "e164(phone)", "phone_first(phone)", "digits(phone)", "e164(phone)"]

    static let statuses = ["new", "callback", "qualified", "junk"]
    static let transitions: [(String, String)] = [("new", "qualified"), ("new", "junk"), ("callback", "qualified"),
                                                  ("callback", "junk"), ("qualified", "junk")]

    /// The text of one ruleset.
    mutating func ruleset() -> String {
        var text = "status new = 1, callback = 2, qualified = 5, junk = 9\n\ntransitions {\n"
        for (from, to) in Self.transitions { text += "  \(from) -> \(to)\n" }
        text += "}\n\nconst stopWords = [\"тест\", \"test\", \"-\"]\n\nconst flag = \(random.chance(50))\n\nconst budgetField = 12\n"
        let writers = 2 + random.below(6)
        for index in 0..<writers {
            text += "\n"
            text += random.chance(25) ? table(index) : rule(index)
        }
        return text
    }

    // MARK: Rules

    /// A precedence (often none, often tied), sometimes with `overrides edits`.
    mutating func precedence() -> String {
        var text: String
        switch random.below(7) {
        case 0, 1, 2: text = ""
        case 3: text = " precedence 0"
        case 4, 5: text = " precedence 1"
        default: text = " precedence \(random.below(4))"
        }
        if random.chance(15) { text += " overrides edits" }
        return text
    }

    /// Field keys a person edited since the engine wrote them (usually none).
    mutating func edited() -> Set<String> {
        guard random.chance(20) else { return [] }
        return Set(["name", "priority", "utcOffset", "statusId", "customValues[12]", "customValues[20]"].filter { _ in random.chance(40) })
    }

    mutating func rule(_ index: Int) -> String {
        var captures: [String] = []
        var text = "rule \"R\(index)\"\(precedence()) {\n"
        let binding = random.chance(20)
        if binding { text += "  let budget = amount(json(sourceComment, \"answers.budget\"))\n" }
        if binding {
            text += "  when budget > \(random.pick([0, 50_000, 100_000]))\n"
        } else if !random.chance(10) {
            var condition = self.condition(depth: 0, captures: &captures, negated: false)
            if let capture = captures.first, random.chance(30) {
                condition += " and $\(capture) is not empty"
            }
            text += "  when \(condition)\n"
        }
        var written: Set<String> = []
        for _ in 0..<(1 + random.below(3)) {
            if let action = action(captures: captures, written: &written) { text += "  \(action)\n" }
        }
        if binding, !written.contains("customValues[12]") {
            written.insert("customValues[12]")
            text += "  set customValues[12] = round(budget / 1000)\n"
        }
        if written.isEmpty { text += "  set priority = \(random.below(10))\n" }
        return text + "}\n"
    }

    mutating func condition(depth: Int, captures: inout [String], negated: Bool) -> String {
        let roll = depth >= 2 ? random.below(10) : random.below(14)
        switch roll {
        case 0, 1, 2, 3: return regexCondition(captures: &captures, negated: negated)
        case 4: return comparison()
        case 5: return membership()
        case 6: return presence()
        case 7: return random.chance(50) ? "status == \(random.pick(Self.statuses))" : "status != \(random.pick(Self.statuses))"
        case 8:
            return random.pick(["flag", "not flag", "starts_with(name, \"И\")", "contains(lower(sourceComment), \"срочно\")",
                                "ends_with(trim(name), \"а\")", "amount(json(sourceComment, \"answers.budget\")) >= 100000",
                                "priority + 2 > 5", "-priority < -3"])
        case 9: return regexCondition(captures: &captures, negated: negated)
        case 10: return "not (\(condition(depth: depth + 1, captures: &captures, negated: true)))"
        case 11:
            return "(\(condition(depth: depth + 1, captures: &captures, negated: negated)) or "
                + "\(condition(depth: depth + 1, captures: &captures, negated: negated)))"
        default:
            return "\(condition(depth: depth + 1, captures: &captures, negated: negated)) and "
                + "\(condition(depth: depth + 1, captures: &captures, negated: negated))"
        }
    }

    mutating func regexCondition(captures: inout [String], negated: Bool) -> String {
        let phone = random.chance(30)
        let candidates = Self.regexes.filter { $0.phone == phone }
        let regex = random.pick(candidates)
        let subject = random.pick(phone ? Self.phoneSubjects : Self.textSubjects)
        let not = random.chance(15)
        var flags = regex.flags
        if random.chance(15), !flags.contains("i") { flags += "i" }
        if !negated, !not { captures += regex.groups }
        return "\(subject) \(not ? "!~" : "~") /\(regex.pattern)/\(flags)"
    }

    mutating func comparison() -> String {
        let op = random.pick(["==", "!=", "<", "<=", ">", ">="])
        switch random.below(9) {
        case 0: return "priority \(op) \(random.below(10))"
        case 1: return "utcOffset \(op) \(random.below(8) - 2)"
        case 2: return "length(name) \(op) \(random.below(8))"
        case 3: return "int(json(sourceComment, \"answers.budget\")) \(op) \(random.pick([0, 50_000, 100_000, 150_000]))"
        case 4: return "name \(random.pick(["==", "!="])) \(random.pick(["\"Анна\"", "\"Test\"", "\"\"", "\"-\""]))"
        case 5: return "customValues[12] \(op) \(random.chance(50) ? "\"x\"" : String(random.below(200_000)))"
        case 6: return "lead[\"utm_source\"] \(random.pick(["==", "!="])) \"yandex\""
        case 7: return "int(digits(phone)) \(op) \(random.pick([0, 79_000_000_000, 80_000_000_000]))"
        default: return "statusId \(op) \(random.pick([1, 2, 5, 9]))"
        }
    }

    mutating func membership() -> String {
        let not = random.chance(25) ? " not" : ""
        switch random.below(5) {
        case 0: return "status\(not) in [\(random.pick(["new", "callback"])), \(random.pick(["qualified", "junk"]))]"
        case 1: return "lower(trim(name))\(not) in stopWords"
        case 2: return "priority\(not) in [1, 2, 3]"
        case 3: return "lead[\"utm_source\"]\(not) in [\"yandex\", \"google\"]"
        default: return "customValues[budgetField]\(not) in [\"x\", 150000]"
        }
    }

    mutating func presence() -> String {
        let subject = random.pick(["name", "phone", "priority", "utcOffset", "customValues[12]", "customValues[20]",
                                   "json(sourceComment, \"answers.budget\")", "phone_rest(phone)", "lead[\"utm_source\"]",
                                   "trim(name)", "vkId"])
        let test = random.pick(["is empty", "is not empty", "is missing", "is present"])
        return "\(subject) \(test)"
    }

    // MARK: Actions

    /// One action writing a field this rule has not written yet; `nil` when the draw repeats one.
    mutating func action(captures: [String], written: inout Set<String>) -> String? {
        let roll = random.below(12)
        if roll == 0 {
            guard written.insert("statusId").inserted else { return nil }
            return move()
        }
        let field = random.pick(["name", "phone", "priority", "priority", "utcOffset", "utcOffset", "customValues[12]",
                                 "customValues[20]", "vkId", "telegramUserName", "customValues[budgetField]", "sourceComment"])
        let key = field == "customValues[budgetField]" ? "customValues[12]" : field
        guard written.insert(key).inserted else { return nil }
        if roll == 1 { return "clear \(field)" }
        let mode = random.chance(50) ? "set" : "fill"
        return "\(mode) \(field) = \(value(for: key, captures: captures))"
    }

    mutating func move() -> String {
        let to = random.pick(["qualified", "junk"])
        var from = Self.transitions.filter { $0.1 == to }.map(\.0).filter { _ in random.chance(60) }
        if from.isEmpty { from = [Self.transitions.first { $0.1 == to }!.0] }
        return "move \(from.joined(separator: ", ")) -> \(to)"
    }

    mutating func value(for field: String, captures: [String]) -> String {
        let capture = captures.isEmpty ? nil : random.pick(captures)
        switch field {
        case "name", "telegramUserName", "customValues[20]":
            var options = ["\"Клиент\"", "upper(trim(name))", "concat(\"Лид \", name)", "json(sourceComment, \"quiz\")",
                           "trim(name)", "lower(name)", "phone_rest(phone)", "\"  \"", "strip_prefix(trim(name), \"ООО \", \"-\")",
                           "replace(name, /\\s+/, \" \")", "substring(name, 0, 3)", "strip_suffix(name, \"а\")"]
            if let capture { options += ["$\(capture)", "\"Клиент ${\(capture)}\"", "concat($\(capture), \"!\")", "trim($\(capture))"] }
            return random.pick(options)
        case "phone":
            var options = ["e164(phone)", "phone_first(phone)", "\"+79161234567\"", "digits(phone)", "concat(\"+\", e164(phone))"]
            if let capture { options += ["digits($\(capture))"] }
            return random.pick(options)
        case "priority":
            var options = ["\(random.below(10))", "int(json(sourceComment, \"answers.budget\"))", "length(name)",
                           "int(customValues[12])", "\(random.below(10))", "max(length(name), 3)", "round(length(sourceComment) / 7)",
                           "floor(amount(json(sourceComment, \"answers.budget\")) / 100000)"]
            if let capture { options += ["int($\(capture))", "length($\(capture))"] }
            return random.pick(options)
        case "utcOffset":
            return random.pick(["\(random.below(27) - 12)", "zone(\"Europe/Moscow\")", "zone(\"Asia/Kolkata\", \"floor\")",
                                "zone(\"Europe/Berlin\")", "zone(\"America/St_Johns\", \"floor\")", "priority"])
        case "sourceComment":
            // Later writers read the new comment (regexes, `text()`, tables keyed on it).
            var options = ["concat(sourceComment, \" срочно\")", "\"перезвоните, бюджет 90 000\"", "trim(sourceComment)",
                           "text(sourceComment)", "lower(sourceComment)"]
            if let capture { options += ["\"имя: ${\(capture)}\""] }
            return random.pick(options)
        case "vkId":
            var options = ["\(1 + random.below(1000))", "int(digits(phone))"]
            if let capture { options += ["digits($\(capture))"] }
            return random.pick(options)
        default:  // customValues[12]
            var options = ["\"x\"", "\(random.below(200_000))", "json(sourceComment, \"answers.budget\")", "digits(phone)",
                           "text(sourceComment)", "2.5", "true"]
            if let capture { options += ["$\(capture)", "digits($\(capture))", "\"${\(capture)} руб\""] }
            return random.pick(options)
        }
    }

    // MARK: Tables

    mutating func table(_ index: Int) -> String {
        var text = "table \"T\(index)\"\(precedence()) {\n"
        if random.chance(30) {
            var captures: [String] = []
            text += "  when \(condition(depth: 1, captures: &captures, negated: false))\n"
        }
        let mode = random.chance(50) ? "set" : "fill"
        if random.chance(50) {
            // Phone prefixes, by longest prefix or first match.
            let target = random.pick(["utcOffset", "utcOffset", "priority", "customValues[20]"])
            let key = random.pick(["e164(phone)", "phone_first(phone)", "digits(phone)"])
            let policy = random.chance(70) ? "longest prefix" : "first match"
            text += "  \(mode) \(target) from \(key) by \(policy)\n"
            var prefixes = ["7", "79", "791", "7916", "7495", "7499", "375", "49", "998", "1", "7903"].filter { _ in random.chance(50) }
            if prefixes.isEmpty { prefixes = ["79"] }
            if policy == "first match" {
                prefixes.sort { $0.count > $1.count }  // longer first, so that later rows can still win
                if random.chance(50) { text += "  /^7(9\\d\\d)/ => \(tableValue(target))\n" }
            }
            for prefix in prefixes { text += "  \"\(prefix)\" => \(tableValue(target))\n" }
        } else {
            let target = random.pick(["customValues[20]", "name", "priority"])
            let key = random.pick(["sourceComment", "text(sourceComment)", "lower(name)", "name"])
            let firstMatch = random.chance(70)
            text += "  \(mode) \(target) from \(key) by \(firstMatch ? "first match" : "longest prefix")\n"
            if firstMatch {
                let rows = ["/\\bavito\\b/i", "/инстаграм|instagram\\b/i", "\"http\"", "/срочн/", "\"{\"", "/^\\p{Lu}/", "\"Перезвон\""]
                for row in rows where random.chance(55) { text += "  \(row) => \(tableValue(target))\n" }
                text += "  \"хочу\" => \(tableValue(target))\n"
            } else {
                let rows = ["хочу", "хочу узнать", "Перезвон", "{", "тест", "анна", "Анна", "ив"]
                for row in rows where random.chance(55) { text += "  \"\(row)\" => \(tableValue(target))\n" }
                text += "  \"готов\" => \(tableValue(target))\n"
            }
        }
        return text + "}\n"
    }

    mutating func tableValue(_ target: String) -> String {
        switch target {
        case "utcOffset":
            return random.chance(50) ? "\(random.below(27) - 12)" : "zone(\"\(random.pick(["Europe/Moscow", "Asia/Yekaterinburg", "Europe/Minsk", "Europe/Berlin", "Asia/Tashkent"]))\")"
        case "priority": return "\(random.below(10))"
        default: return "\"\(random.pick(["Avito", "Instagram", "Сайт", "Звонок", "Квиз"]))\""
        }
    }
}
