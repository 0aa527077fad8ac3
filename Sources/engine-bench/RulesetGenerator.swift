import BenchSupport
import Foundation

/// A representative ruleset: a phone-prefix table of `rows` rows (Russian mobile ranges), a few
/// country rows, ~30 comment rules and a few transitions.
enum RulesetGenerator {
    static let zones = ["Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk",
                        "Asia/Krasnoyarsk", "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan",
                        "Europe/Kaliningrad", "Europe/Volgograd"]

    static func table(rows: Int) -> String {
        var random = SplitMix64(seed: 16_000)
        var text = "table \"Phone zones\" {\n  fill utcOffset from e164(phone) by longest prefix\n"
        var used = Set<String>()
        for fixed in ["375", "49", "998", "1212", "76", "77"] {
            used.insert(fixed)
            text += "  \"\(fixed)\" => zone(\"\(["375": "Europe/Minsk", "49": "Europe/Berlin", "998": "Asia/Tashkent", "1212": "America/New_York", "76": "Asia/Almaty", "77": "Asia/Almaty"][fixed]!)\")\n"
        }
        while used.count < rows {
            let key = "79" + String(format: "%02d", random.below(100)) + String(format: "%03d", random.below(1000))
            guard used.insert(key).inserted else { continue }
            text += "  \"\(key)\" => zone(\"\(random.pick(zones))\")\n"
        }
        return text + "}\n"
    }

    static let comments = """
    status new = 1, callback = 2, qualified = 5, junk = 9

    transitions {
      new -> junk
      new -> qualified
      callback -> qualified
    }

    rule "Phone as E.164" {
      when e164(phone) is not empty
      set phone = e164(phone)
    }

    rule "Junk number" precedence 10 {
      when status == new and e164(phone) ~ /^7(\\d)\\1{9}$/
      move new -> junk
    }

    rule "Spam" precedence 5 {
      when status == new and sourceComment ~ /(казино|ставки|не оставлял\\w*\\s+заявк)/i
      move new -> junk
    }

    rule "Qualify" {
      when sourceComment ~ /готов\\w*\\s+купить/i
      move new, callback -> qualified
    }

    rule "Budget from JSON" precedence 40 {
      when int(json(sourceComment, "answers.budget")) >= 300000
      set priority = 8
      set customValues[12] = json(sourceComment, "answers.budget")
    }

    """

    static func commentRules(count: Int) -> String {
        let keywords = ["срочн\\w*", "сегодня", "готов\\w* купить", "бюджет", "просто смотр\\w*", "не звонить", "рассрочк\\w*",
                        "консультац\\w*", "доставк\\w*", "сколько стоит", "гаранти\\w*", "кредит\\w*", "скидк\\w*",
                        "call me back", "ready to buy", "just looking", "вечером", "ремонт", "установк\\w*", "цен\\w*",
                        "сравниваю", "вопрос", "месяц\\w*", "недел\\w*", "регион\\w*", "квартир\\w*", "сайт\\w*",
                        "позвоните", "перезвон\\w*", "интерес\\w*"]
        var text = comments
        for (index, keyword) in keywords.prefix(count).enumerated() {
            text += """
            rule "Comment \(index): \(keyword.replacingOccurrences(of: "\\w*", with: "…"))" precedence \(index + 1) {
              when sourceComment ~ /\\b\(keyword)/i
              set priority = \(index % 9 + 1)
            }


            """
        }
        return text
    }

    /// Writes the ruleset into `directory` (created if needed).
    static func write(rows: Int, commentRules count: Int, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try table(rows: rows).write(toFile: directory + "/10-table.rules", atomically: true, encoding: .utf8)
        try commentRules(count: count).write(toFile: directory + "/20-comments.rules", atomically: true, encoding: .utf8)
    }
}
