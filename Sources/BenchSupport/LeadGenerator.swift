import Foundation

/// Realistic leads: mixed phone formats and countries, Russian quiz comments of 50 to 500 bytes,
/// some of them JSON documents.
///
/// Shared by `engine-bench generate` (the benchmark's input file) and the differential test of the engine
/// against the reference interpreter (LeadEngineTests), which reads the same leads from the same seed.
public enum LeadGenerator {
    /// The seed of `engine-bench generate`: the same seed gives the same leads, byte for byte.
    public static let benchmarkSeed: UInt64 = 2026

    static let phrases = [
        "Перезвоните срочно", "хочу узнать цену", "готов купить на этой неделе", "просто смотрю", "бюджет 150 000 руб",
        "не звонить до понедельника", "интересует рассрочка", "нужна консультация", "позвоните вечером после 18",
        "доставка в регион", "сколько стоит установка", "оставлял заявку на сайте", "сравниваю предложения",
        "Please call me back today", "ready to buy", "just looking", "скидка есть?", "срок — в течение месяца",
        "у меня вопрос по гарантии 🙂", "а можно в кредит?", "ПЕРЕЗВОНИТЕ СЕГОДНЯ!!!", "ремонт квартиры 60 м²",
    ]
    static let names = ["Анна", "Иван", "Мария", "Олег", "Екатерина", "Дмитрий", "Ольга", "Сергей", "Alex", "Nina"]

    static func phone(_ random: inout SplitMix64) -> String {
        let subscriber = String(format: "%07d", random.below(10_000_000))
        let s = Array(subscriber)
        let mobile = "9" + String(format: "%02d", random.below(100))
        switch random.below(12) {
        case 0: return "+7 \(mobile) \(String(s[0..<3]))-\(String(s[3..<5]))-\(String(s[5..<7]))"
        case 1: return "8 (\(mobile)) \(String(s[0..<3]))-\(String(s[3..<5]))-\(String(s[5..<7]))"
        case 2: return "7\(mobile)\(subscriber)"
        case 3: return "8\(mobile)\(subscriber)"
        case 4: return "+7 (\(random.pick(["495", "812", "343", "383", "846", "861"]))) \(subscriber)"
        case 5: return "+375 29 \(subscriber)"
        case 6: return "+49 30 \(subscriber)"
        case 7: return "+998 90 \(subscriber)"
        case 8: return "+7 7\(String(format: "%02d", random.below(100))) \(subscriber)"
        case 9: return "+1 212 \(subscriber)"
        case 10: return "+7\(mobile)\(subscriber)"
        default: return "+7 \(mobile) \(subscriber)"
        }
    }

    static func comment(_ random: inout SplitMix64) -> String {
        let target = 50 + random.below(450)
        var parts: [String] = []
        var length = 0
        while length < target {
            let phrase = random.pick(phrases)
            parts.append(phrase)
            length += phrase.utf8.count + 2
        }
        if random.below(5) == 0 {
            let answers = parts.enumerated().map { "{\"q\": \"Вопрос \($0.offset + 1)\", \"a\": \"\($0.element)\"}" }
            return "{\"quiz\": \"Квиз\", \"answers\": {\"budget\": \"\(random.below(500) * 1000)\"}, \"steps\": [\(answers.joined(separator: ", "))]}"
        }
        return parts.joined(separator: ". ")
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// One lead as a line of JSON (without the line break), drawing from `random`.
    public static func lead(id: Int, _ random: inout SplitMix64) -> String {
        let offset = random.below(4) == 0 ? "\(random.below(12))" : "null"
        return "{\"id\":\(id),\"name\":\(jsonString(random.pick(names))),\"phone\":\(jsonString(phone(&random))),"
            + "\"sourceComment\":\(jsonString(comment(&random))),\"statusId\":\(random.pick([1, 1, 1, 2, 5])),"
            + "\"priority\":\(random.below(5)),\"utcOffset\":\(offset),\"createdAt\":\"2026-11-2\(random.below(9))T10:00:00+03:00\","
            + "\"orderId\":\(random.below(50)),\"customValues\":{}}"
    }

    /// Writes `count` leads as JSON Lines to `path` (ids 1...count, ``benchmarkSeed``).
    public static func write(count: Int, to path: String) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var random = SplitMix64(seed: benchmarkSeed)
        var chunk = ""
        for id in 1...count {
            chunk += lead(id: id, &random)
            chunk += "\n"
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
    }
}
