import BenchSupport
import Foundation

/// Random leads for the property test, as JSON text: comments in Russian and English built so that the
/// generated rules' regex literals occur often (and near misses: `несрочно`, `recall`, `avitoo`), JSON quiz
/// comments (with `\u` escapes, for `text()` and `json()`), phones in many formats, and missing, `null`, empty,
/// blank and odd fields.
struct RandomLeads {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    static let fragments = [
        "срочно", "Срочно!", "СРОЧНО", "несрочно", "срочная заявка", "не звонить", "Не  беспокоить", "перезвоните",
        "Позвонить вечером", "бюджет: 150 000", "бюджет 50000 руб", "Бюджет:", "имя: Олег", "имя: ", "имя:Анна",
        "avito", "Avito.ru", "avitoo", "instagram", "Инстаграм", "авито", "готов купить", "готовы купить", "готов  купить",
        "call me", "recall", "CALL", "http://example.com", "вопрос 12", "Вопрос 3", "цена?", "стоимость", "доп. инфо",
        "инфо", "тест", "Test", "a\nb", "acb", "🙂", "ремонт 60 м²", "хочу узнать цену", "Перезвоните сегодня", "12",
        "\t", "ёлка", "\u{200B}", "Иван Петров", "+7 916 123-45-67",
    ]

    static let phones = [
        "8 (916) 123-45-67", "+7 916 123-45-67", "79161234567", "+7 (495) 123-45-67", "84951234567", "тел.: +7 916 123 45 67",
        "+7 916 123-45-67 доб. 12", "8 916 123 45 67, 8 495 765 43 21", "79161234567.0", "=\"79161234567\"", "+375 29 1234567",
        "+49 30 1234567", "+998 90 1234567", "+1 212 5550123", "12345", "", " ", "7777777777", "+77777777777", "8-800-555-35-35",
        "tel:+79161234567", "+7 916 123 45 67 или +7 916 765 43 21", "Иван", "＋7 916 123 45 67", "+7 (0) 916 1234567",
    ]

    static let names = ["Анна", "Иван", "тест", "Test", " ", "", "-", "Клиент", "ООО Ромашка", "  Мария  ", "\u{200B}",
                        "анна", "Иван Петров", "ив"]

    /// One lead as JSON text.
    mutating func lead(id: Int) -> String {
        var members = ["\"id\": \(id)"]
        // The main fields: a value 70% of the time, `null` 10%, absent 20%.
        for name in ["name", "phone", "sourceComment", "statusId", "priority", "utcOffset"] {
            let roll = random.below(10)
            if roll >= 8 { continue }
            members.append("\"\(name)\": \(roll == 7 ? "null" : value(of: name))")
        }
        for (name, percent) in [("customValues", 50), ("utm_source", 30), ("vkId", 15), ("telegramUserName", 15), ("isSecondary", 10)]
            where random.chance(percent) {
            members.append("\"\(name)\": \(value(of: name))")
        }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// A JSON value for one field.
    mutating func value(of field: String) -> String {
        switch field {
        case "name": return Self.quote(random.pick(Self.names))
        case "phone": return Self.quote(random.pick(Self.phones))
        case "sourceComment": return Self.quote(comment())
        case "statusId": return String(random.pick([1, 1, 2, 5, 9, 3]))
        case "priority": return String(random.below(10))
        case "utcOffset": return random.chance(80) ? String(random.below(27) - 12) : "3.0"
        case "customValues": return customValues()
        case "utm_source": return random.pick(["\"yandex\"", "\"google\"", "5", "null", "\"\""])
        case "vkId": return random.pick(["\"123\"", "456", "null", "\"\""])
        case "telegramUserName": return random.pick(["\"ivan\"", "\"\"", "null"])
        default: return random.pick(["true", "false", "1"])
        }
    }

    mutating func comment() -> String {
        switch random.below(10) {
        case 0, 1: return jsonComment()
        case 2: return random.pick(["", " ", "{не json", "[1, 2", "{}", "[]", "12", "\r\n{\"a\": \"срочно\"}", "\r [\"срочно\", 1.5e3]"])
        default:
            var parts: [String] = []
            for _ in 0..<(1 + random.below(5)) { parts.append(random.pick(Self.fragments)) }
            return parts.joined(separator: random.pick([" ", ". ", ", ", "\n"]))
        }
    }

    /// A quiz log: a JSON document as the comment's text, sometimes with its Cyrillic escaped.
    mutating func jsonComment() -> String {
        var steps: [String] = []
        for index in 0..<(1 + random.below(3)) {
            var answer = Self.jsonEscaped(random.pick(Self.fragments))
            if random.chance(30) { answer = Self.unicodeEscaped(random.pick(Self.fragments)) }
            steps.append("{\"q\": \"Вопрос \(index + 1)\", \"a\": \"\(answer)\"}")
        }
        let budget = random.pick(["\"150000\"", "\"150 000\"", "50000", "\"много\"", "null", "2.5", "\"99999999999999999999\""])
        let quiz = random.chance(70) ? "\"quiz\": \"\(random.pick(["Квиз", "Ремонт", "  "]))\", " : ""
        return "{\(quiz)\"answers\": {\"budget\": \(budget)}, \"steps\": [\(steps.joined(separator: ", "))]}"
    }

    mutating func customValues() -> String {
        var members: [String] = []
        if random.chance(50) { members.append("\"12\": \(random.pick(["\"x\"", "150000", "\"\"", "null", "\"150000\"", "2.5"]))") }
        if random.chance(40) { members.append("\"20\": \(random.pick(["\"Avito\"", "\"\"", "\"Сайт\""]))") }
        if random.chance(10) { return random.pick(["null", "[]"]) }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// `text` as a JSON string literal.
    static func quote(_ text: String) -> String { "\"" + jsonEscaped(text) + "\"" }

    static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Every non-ASCII character as `\uXXXX` (surrogate pairs beyond the BMP), as PHP's `json_encode` writes.
    static func unicodeEscaped(_ text: String) -> String {
        var out = ""
        for unit in text.utf16 {
            if unit < 0x80, let scalar = Unicode.Scalar(unit) {
                out += jsonEscaped(String(Character(scalar)))
            } else {
                out += String(format: "\\u%04x", unit)
            }
        }
        return out
    }
}
