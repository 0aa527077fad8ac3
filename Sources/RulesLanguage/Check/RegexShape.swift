/// Spots regex shapes that backtrack catastrophically: a repeated group whose body can itself
/// repeat without bound, such as `(a+)+` or `(\w+\s?)*`.
enum RegexShape {
    /// A description of the first nested unbounded repetition, or `nil`.
    static func nestedQuantifier(in pattern: String) -> String? {
        let chars = Array(pattern)
        // One entry per open group: where it starts, whether it is atomic, whether its body repeats without bound.
        var stack: [(start: Int, atomic: Bool, inner: Bool)] = []
        var closedGroup: (start: Int, atomic: Bool, inner: Bool)?
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let (unbounded, length) = quantifier(chars, i)
            if length > 0 {
                let modifier = i + length < chars.count ? chars[i + length] : nil
                let possessive = modifier == "+"
                if let group = closedGroup, unbounded, !possessive, group.inner, !group.atomic {
                    return "the group at character \(group.start + 1) repeats, and so does something inside it"
                }
                if unbounded, !possessive, !stack.isEmpty { stack[stack.count - 1].inner = true }
                closedGroup = nil
                i += length + (modifier == "+" || modifier == "?" ? 1 : 0)
                continue
            }
            closedGroup = nil
            switch c {
            case "\\":
                i += 2
                continue
            case "[":
                i += 1
                if i < chars.count, chars[i] == "^" { i += 1 }
                if i < chars.count, chars[i] == "]" { i += 1 }
                while i < chars.count, chars[i] != "]" { i += chars[i] == "\\" ? 2 : 1 }
            case "(":
                let atomic = i + 2 < chars.count && chars[i + 1] == "?" && chars[i + 2] == ">"
                stack.append((i, atomic, false))
            case ")":
                if let group = stack.popLast() {
                    if group.inner, !group.atomic, !stack.isEmpty { stack[stack.count - 1].inner = true }
                    closedGroup = group
                }
            default:
                break
            }
            i += 1
        }
        return nil
    }

    /// Whether a quantifier starts at `i`, whether it is unbounded, and its length.
    private static func quantifier(_ chars: [Character], _ i: Int) -> (unbounded: Bool, length: Int) {
        guard i < chars.count else { return (false, 0) }
        switch chars[i] {
        case "+", "*": return (true, 1)
        case "?": return (false, 1)
        case "{":
            var j = i + 1
            var text = ""
            while j < chars.count, chars[j] != "}" { text.append(chars[j]); j += 1 }
            guard j < chars.count, !text.isEmpty, text.first!.isNumber,
                  text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ",") }) else { return (false, 0) }
            return (text.hasSuffix(","), j - i + 1)
        default: return (false, 0)
        }
    }
}
