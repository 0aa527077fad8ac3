import BenchSupport
/// Produces the benchmark's subjects (phones, quiz comments, budget answers) from a seeded PRNG.
struct SubjectGenerator {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// The next subject of `kind`.
    mutating func subject(_ kind: Kind) -> String {
        switch kind {
        case .phone: phone()
        case .comment: comment()
        case .budget: budgetAnswer()
        }
    }

    // MARK: Phones

    private static let operatorCodes = ["916", "903", "925", "977", "985", "999", "926", "495", "499", "812", "343", "383"]

    private mutating func phone() -> String {
        let code = random.pick(Self.operatorCodes)
        let a = digits(3), b = digits(2), c = digits(2)
        switch random.below(9) {
        case 0: return "7\(code)\(a)\(b)\(c)"
        case 1: return "+7\(code)\(a)\(b)\(c)"
        case 2: return "+7 \(code) \(a)-\(b)-\(c)"
        case 3: return "8 (\(code)) \(a)-\(b)-\(c)"
        case 4: return "8\(code)\(a)\(b)\(c)"
        case 5: return "+7(\(code))\(a)-\(b)-\(c)"
        case 6: return "+375\(random.pick(["29", "33", "44", "25"]))\(a)\(b)\(c)"
        case 7: return "+380 \(random.pick(["50", "67", "93"])) \(a) \(b) \(c)"
        default: return "\(code) \(a)-\(b)-\(c)"
        }
    }

    private mutating func digits(_ count: Int) -> String {
        String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(48 + random.below(10)))) })
    }

    // MARK: Quiz comments

    private static let words = [
        "здравствуйте", "интересует", "квартира", "ремонт", "под", "ключ", "доставка", "вопрос", "цена",
        "условия", "менеджер", "пожалуйста", "звонок", "вечером", "после", "обеда", "рассрочка", "ипотека",
        "район", "метро", "кухня", "двухкомнатная", "можно", "ли", "посмотреть", "объект", "в", "на",
        "выходных", "скидка", "семья", "дети", "парковка", "этаж", "не", "первый", "хотим", "узнать",
        "подробнее", "спасибо", "удобно", "звонить", "с", "до", "часов", "WhatsApp", "Telegram",
        // Near misses: the keywords inside longer words must not match the \b…\b alternation.
        "несрочно", "сегодняшний", "перезвонит", "бюджетный", "готовы", "срочность",
    ]
    private static let keywords = ["срочно", "сегодня", "готов купить", "перезвоните", "бюджет"]
    private static let endings = [".", "!", "?", " 🙂", "…", ""]

    /// A comment of about 200 UTF-8 bytes; about a third carry a keyword in some letter case.
    private mutating func comment() -> String {
        let target = 180 + random.below(41)
        var parts: [String] = []
        var bytes = 0
        while bytes < target {
            var word = random.pick(Self.words)
            if random.chance(8) { word += "," }
            parts.append(word)
            bytes += word.utf8.count + 1
        }
        if random.chance(35) {
            parts[random.below(parts.count)] = cased(random.pick(Self.keywords))
        }
        parts[0] = capitalized(parts[0])
        return parts.joined(separator: " ") + random.pick(Self.endings)
    }

    // MARK: Budget answers

    private static let propertyTypes = ["квартира", "дом", "таунхаус", "апартаменты", "комната"]
    private static let timelines = ["срок — месяц", "срок: полгода", "покупка в этом году", "пока присматриваемся"]

    /// A quiz answer of 100–200 bytes; most state a budget in one of several spellings.
    private mutating func budgetAnswer() -> String {
        let amount = [String(random.below(30) + 1) + "000000", spaced(random.below(900) * 10_000 + 100_000)]
        let budget: String
        switch random.below(8) {
        case 0: budget = "\(cased("бюджет")): \(random.pick(amount)) руб"
        case 1: budget = "\(cased("бюджет")) \(random.pick(amount)) ₽"
        case 2: budget = "\(cased("бюджет")):\(random.pick(amount))"
        case 3: budget = "\(cased("бюджет"))\n\(random.pick(amount)) рублей"
        case 4: budget = "бюджет — около \(random.pick(amount))"   // a dash: no match right after the word
        case 5: budget = "бюджет: не определён"
        case 6: budget = "бюджетный вариант, до \(random.pick(amount))"
        default: budget = "\(cased("бюджет")): \(random.pick(amount))"
        }
        let area = 25 + random.below(120)
        return "Ответы квиза: тип — \(random.pick(Self.propertyTypes)); площадь \(area) м²; "
            + "\(budget); \(random.pick(Self.timelines)); комнат: \(1 + random.below(4))"
    }

    /// `value` with a space between groups of three digits ("1 250 000").
    private func spaced(_ value: Int) -> String {
        let plain = Array(String(value))
        var out = ""
        for (index, digit) in plain.enumerated() {
            if index > 0 && (plain.count - index) % 3 == 0 { out.append(" ") }
            out.append(digit)
        }
        return out
    }

    private mutating func cased(_ word: String) -> String {
        switch random.below(4) {
        case 0: return word.uppercased()
        case 1: return capitalized(word)
        default: return word
        }
    }

    private func capitalized(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }
}
