/// The parts of reading PCRE2 syntax that ``RequiredLiterals``, ``LeadingLiterals`` and ``SmallRegex`` share: quantifiers,
/// group openings, classes. Each answers conservatively (`nil`/`false`: not understood).
protocol RegexSyntaxReading {
    var chars: [Unicode.Scalar] { get }
    var index: Int { get set }
}

extension RegexSyntaxReading {
    /// Reads a quantifier at `index`, if any, and its lazy `?` or possessive `+`: (min, max) with max -1 for
    /// unbounded; (1, 1) when none.
    mutating func quantifier() -> (Int, Int)? {
        let result = quantifierBounds()
        if result != nil, index < chars.count, chars[index] == "?" || chars[index] == "+" { index += 1 }
        return result
    }

    /// ``quantifier()`` without the lazy or possessive mark after it (left at `index`): `* + ? {n} {n,} {n,m}`; (1, 1),
    /// `index` unchanged, when none (a `{` that is not a quantifier is a literal to PCRE2); `nil` when the bounds
    /// cannot be read.
    mutating func quantifierBounds() -> (Int, Int)? {
        guard index < chars.count else { return (1, 1) }
        var result: (Int, Int)
        switch chars[index] {
        case "*": result = (0, -1); index += 1
        case "+": result = (1, -1); index += 1
        case "?": result = (0, 1); index += 1
        case "{":
            var j = index + 1
            var text = ""
            while j < chars.count, chars[j] != "}" { text.unicodeScalars.append(chars[j]); j += 1 }
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            // Digits only: `Int` also reads a sign, and `{+2}` or `{-1}` is no quantifier to PCRE2 (a literal `{`).
            func digits(_ part: Substring) -> Int? { part.allSatisfy { ("0"..."9").contains($0) } ? Int(part) : nil }
            guard j < chars.count, let low = digits(parts.first ?? ""), parts.count <= 2 else { return (1, 1) }
            let high = parts.count == 2 ? (parts[1].isEmpty ? -1 : digits(parts[1]) ?? -2) : low
            guard high != -2 else { return nil }
            result = (low, high)
            index = j + 1
        default: return (1, 1)
        }
        return result
    }

    /// After `(`: accepts `(`, `(?:`, `(?<name>`, `(?P<name>`, `(?'name'`; anything else gives up.
    mutating func skipGroupOpening() -> Bool {
        guard index < chars.count, chars[index] == "?" else { return true }
        index += 1
        guard index < chars.count else { return false }
        switch chars[index] {
        case ":":
            index += 1
            return true
        case "<", "'", "P":
            if chars[index] == "P" { index += 1 }
            guard index < chars.count, chars[index] == "<" || chars[index] == "'" else { return false }
            let close: Unicode.Scalar = chars[index] == "<" ? ">" : "'"
            index += 1
            guard index < chars.count, chars[index] != "=", chars[index] != "!" else { return false }  // lookbehind
            // A name: a letter or `_` first (as PCRE2 requires), then letters, digits and `_`.
            guard index < chars.count, chars[index].properties.isAlphabetic || chars[index] == "_" else { return false }
            while index < chars.count, chars[index] != close {
                guard chars[index].properties.isAlphabetic || chars[index] == "_" || chars[index].properties.numericType != nil else { return false }
                index += 1
            }
            guard index < chars.count else { return false }
            index += 1
            return true
        default:
            return false
        }
    }

    mutating func skipClass() -> Bool {
        index += 1
        if index < chars.count, chars[index] == "^" { index += 1 }
        if index < chars.count, chars[index] == "]" { index += 1 }
        while index < chars.count, chars[index] != "]" {
            if chars[index] == "[", index + 1 < chars.count, chars[index + 1] == ":" {
                // [:alpha:]
                while index < chars.count, !(chars[index] == ":" && index + 1 < chars.count && chars[index + 1] == "]") { index += 1 }
                index += 2
                continue
            }
            index += chars[index] == "\\" ? 2 : 1
        }
        guard index < chars.count else { return false }
        index += 1
        return true
    }

    mutating func skipBraces() -> Bool {
        if index < chars.count, chars[index] == "{" {
            while index < chars.count, chars[index] != "}" { index += 1 }
            guard index < chars.count else { return false }
        }
        index += 1
        return true
    }
}
