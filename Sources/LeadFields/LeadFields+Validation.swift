/// The checks Liner's update applies to field values: one implementation for the language's checker,
/// the engine and the wire validator (each words its own message).
extension LeadFields {
    /// Whole-hour UTC offsets the API accepts (``LeadField/Kind/utcOffset``).
    public static let utcOffsetRange = -12...14

    /// How many digits an E.164 phone holds (``LeadField/Kind/phone``).
    public static let phoneDigitCount = 10...15

    /// The digits of an E.164 phone (`text` without its optional leading `+`), or `nil` when `text` is
    /// not 10 to 15 ASCII digits after an optional `+`.
    public static func e164Digits(_ text: String) -> Substring? {
        let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard phoneDigitCount.contains(digits.utf8.count), digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return digits
    }

    /// Whether `text` is a phone the API accepts: 10 to 15 ASCII digits, optionally after a `+`.
    public static func isE164Phone(_ text: String) -> Bool { e164Digits(text) != nil }

    /// `true` for ASCII digits without a leading zero that fit in `Int` and are > 0
    /// (``LeadField/Kind/positiveIntegerString``, custom field ids).
    public static func isPositiveIntegerText(_ text: String) -> Bool {
        guard let first = text.utf8.first, first != 0x30, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return false
        }
        return Int(text) != nil
    }
}
