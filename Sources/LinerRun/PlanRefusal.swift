import Foundation

/// Why `enrich apply` refuses a plan as a whole (nothing is sent; exit 2).
public enum PlanRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not a plan (not JSON, a member missing or of the wrong type).
    case malformed(String)
    /// A plan of another format version.
    case otherFormat(String)
    /// The file carries no signature.
    case unsigned
    /// The signature does not match the content: the file was edited after it was made, or it was made
    /// with another API key (another account).
    case tampered
    /// Made by another version of the engine.
    case otherEngine(plan: String, current: String)
    /// Made with other rules than those loaded now.
    case otherRules(plan: String, current: String)
    /// Older than the maximum age.
    case stale(createdAt: Date, age: TimeInterval, maximum: TimeInterval)
    /// Made against another Liner host than the one configured now.
    case otherAccount(plan: String, current: String)
    /// Dated in the future (by more than a few minutes of clock skew).
    case future(createdAt: Date)

    public var description: String {
        switch self {
        case let .malformed(why):
            return "the file is not a usable plan: \(why)"
        case let .otherFormat(format):
            return "the plan's format is \"\(format)\"; this version reads \"\(RunPlan.format)\": make the plan again"
        case .unsigned:
            return "the plan carries no signature: it was not made by enrich run --plan, or the signature was removed"
        case .tampered:
            return "the plan's signature does not match its content: it was edited after it was made, "
                + "or it was made with another API key (another account); make the plan again"
        case let .otherEngine(plan, current):
            return "the plan was made by engine version \(plan), this is \(current): make the plan again"
        case let .otherRules(plan, current):
            return "the plan was made with other rules (digest \(plan)) than those loaded now (digest \(current)): "
                + "make the plan again, or apply it with the rules it was made with (--rules)"
        case let .stale(createdAt, age, maximum):
            return "the plan was made at \(Timestamp.format(createdAt)), \(describeInterval(age)) ago, "
                + "more than --max-age \(describeInterval(maximum)): the leads may have moved on; make the plan again"
        case let .otherAccount(plan, current):
            return "the plan was made against \(plan), this apply would send to \(current)"
        case let .future(createdAt):
            return "the plan is dated \(Timestamp.format(createdAt)), in the future: this clock or the planning host's is wrong"
        }
    }
}

/// `2 h 5 min`, `90 s`: an interval for messages.
func describeInterval(_ seconds: TimeInterval) -> String {
    let total = Int(seconds.rounded())
    if total < 120 { return "\(total) s" }
    if total < 7200 { return "\(total / 60) min" }
    let hours = total / 3600, minutes = (total % 3600) / 60
        return minutes == 0 ? "\(hours) h" : "\(hours) h \(minutes) min"
}

/// `--max-age`: `24h`, `90m`, `3600s`, `2d`, or plain seconds.
public enum PlanMaxAge {
    /// The default: 24 hours.
    public static let defaultSeconds: TimeInterval = 24 * 3600
    /// The longest accepted: 365 days.
    public static let maximumSeconds: TimeInterval = 365 * 86_400

    /// The interval in seconds, or `nil` when `text` is not a positive finite duration of at most a year.
    public static func parse(_ text: String) -> TimeInterval? {
        let units: [(String, Double)] = [("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        var number = Substring(text.trimmingCharacters(in: .whitespaces))
        var factor = 1.0
        for (suffix, scale) in units where number.hasSuffix(suffix) {
            number = number.dropLast(suffix.count)
            factor = scale
            break
        }
        // Digits and one dot only: no sign, no exponent, no nan or inf.
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              number.filter({ $0 == "." }).count <= 1, let value = Double(number) else { return nil }
        let seconds = value * factor
        guard seconds.isFinite, seconds > 0, seconds <= maximumSeconds else { return nil }
        return seconds
    }
}
