import JSON

/// Reads a phone *field* as forms, operators and spreadsheet imports fill it, and returns its
/// FIRST number as E.164 digits (no `+`) together with what else the field holds (`phone_first`,
/// `phone_rest` in the rules language).
///
/// Understood around the number, as pure formatting (dropped): Unicode spaces and dashes,
/// direction marks and other invisible characters, fullwidth `＋` and digits, tabs, a `tel:`
/// scheme, spreadsheet artefacts (a leading `'`, `="..."`, quotes, a float's `.0`), the trunk
/// digit written `(0)` after a country code (`+49 (0) 30 ...`), and labels that only say
/// "phone" (`тел.:`, `Телефон`, `моб.`, `phone:`, `Номер:`...). Everything else that is not the
/// first number (an extension, further numbers, a name, a note) is the **rest**.
///
/// Strict: digits are never invented or guessed. The number is the first run of digits (with
/// spaces, `-`, `.`, brackets between them) and must be whole on its own: with `+`, `00` or the
/// Russian `8 10` international prefix, +7 takes exactly 11 digits and other countries 8 to 15;
/// without, 11 digits starting with 8 or 7 (the trunk alone, glued to the code, or solid: `834 555
/// 01 23 0` is an area code with a digit too many), or 10 digits starting with 3, 4, 8 or 9 (a Russian
/// national number; `8 343 210 00 0`, a trunk 8 before 9 more digits, is an incomplete number,
/// not a landline: 10 digits starting with 8 are an 8xx area code only when written with the code
/// as the first group, or solid when the other reading cannot start a +7 number: 81x, 82x, 85x, 831,
/// 843-846), or 10 digits starting with 70, 71, 72 or 77 whose first group is the Kazakh code. International
/// digits written without `+` are read only when written solid and the field holds nothing else. A run of
/// digits that is not one such number (a number and a bare extension, a list marker before it) gives nothing;
/// one that is two whole numbers joined by separators (`89161234567 89031234567`) gives the first, the second
/// in the rest.
///
/// Not numbers either (`isNoNumber`): a national part starting with the trunk `0` (`+44 07911 …`; Italy
/// excepted) or a +7 national part starting with 0, 1, 2 or 5 (`8 029 …` is Belarus's national form);
/// placeholders (`+7 (999) 999-99-99`, `+7 (916) 000-00-00`); a `+` before a lone digit that is no country
/// code (`+8 (495) …`, the trunk 8 typed after a `+`) or before a Russian area code that runs past the country
/// code it would start (`+916 123-45-67`, `+(495) 123-45-67`); another country's trunk in brackets (`+370 (8) 5 …`).
/// A mark that says something about the number (❌, 🚫, 📠, `(?)`) is part of the rest, not formatting.
public enum PhoneFieldReader {
    public struct Reading: Equatable, Sendable {
        /// E.164 digits, no `+`.
        public var e164: String
        /// What the field holds besides the number and formatting, trimmed; `""` when nothing.
        public var rest: String
    }

    /// Words that only say "this is a phone number" (lowercased), dropped before the number.
    static let labels: [String] = [
        "контактный телефон", "номер телефона", "мобильный телефон", "сотовый телефон",
        "телефон", "телефона", "тел", "тлф", "т", "моб", "мобильный", "сот", "сотовый", "номер",
        "phone number", "telephone", "phone", "tel", "mobile", "mob", "cell", "ph", "number",
    ]

    /// ``labels`` as scalars, and the `tel:` scheme.
    static let labelScalars: [[Unicode.Scalar]] = labels.map { Array($0.unicodeScalars) }
    static let telScheme: [Unicode.Scalar] = Array("tel:".unicodeScalars)

    public static func read(_ text: String) -> Reading? {
        if let plain = readPlain(text) { return plain }
        return readGeneral(text)
    }

    /// ``read(_:)`` of a text given as its UTF-8 (valid): a plain number is read from the bytes, any other text as a
    /// `String` made of them.
    static func read(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Reading? {
        if let plain = readPlain(utf8: bytes) { return plain }
        return readGeneral(String(decoding: bytes, as: UTF8.self))
    }

    /// The reading of any field (``read(_:)`` without the shortcut for plain numbers).
    static func readGeneral(_ text: String) -> Reading? {
        let all = normalized(text)
        // The field is worked on as the window all[lo..<hi]: dropping from its ends moves them, copying nothing.
        var lo = 0, hi = all.count
        // Outer decoration: blanks, spreadsheet quote and formula, quotes.
        trimDecoration(all, &lo, &hi)
        // A `tel:` URI and labels, any number of them ("моб. тел.:"). Both start with a letter: a field that
        // starts with a digit, `+` or a bracket (most do) has neither.
        var consumedLabel = lo < hi && isLetter(all[lo])
        while consumedLabel {
            consumedLabel = false
            if startsCaseless(all, lo, hi, telScheme) {
                lo += telScheme.count
                while lo < hi, all[lo] == "/" { lo += 1 }
                consumedLabel = true
            }
            for label in labelScalars where startsCaseless(all, lo, hi, label) {
                // The word must end there (`т` is not the start of `тест`).
                if hi - lo > label.count, isLetter(all[lo + label.count]) { continue }
                lo += label.count
                consumedLabel = true
                break
            }
            if consumedLabel {
                while lo < hi, [".", ":", " ", "-", "№", "#"].contains(all[lo]) { lo += 1 }
                trimDecoration(all, &lo, &hi)
            }
        }
        let s = lo == 0 && hi == all.count ? all : Array(all[lo..<hi])
        var from = 0
        // Each attempt reads the field once: a bounded number of them keeps a long field linear.
        for _ in 0..<maximumAttempts {
            let attempt = firstNumber(in: s, from: from)
            if let reading = attempt.reading { return reading }
            // A short run of digits that is no number before the number (a time, a list marker, an extension, a
            // label's digit: "после 18: +7 343 …", "1) +7 …", "доб. 12 +7 …", "Тел.1: …"): the number after it is
            // read, and the run is part of the rest (so the phone is not rewritten).
            guard (1...4).contains(attempt.digitCount), attempt.stop < s.count else { return nil }
            // The next run starts at a "+" where the scan stopped, else after the word the run ended in: the "00" of
            // "10:00" is no international prefix.
            var next = attempt.stop
            if s[next] != "+" && !isDigit(s[next]) {
                while next < s.count, s[next] != " " { next += 1 }
            }
            guard next < s.count else { return nil }
            from = next
        }
        return nil
    }

    /// The most runs of digits read before the number (short runs: times, list markers, extensions); a field with
    /// more gives nothing.
    static let maximumAttempts = 8

    /// The number whose run of digits starts first at or after `from` in `s`, or why there is none: how many digits
    /// its run held (0 when nothing may be read after it) and where the scan stopped.
    private static func firstNumber(in s: [Unicode.Scalar], from: Int) -> (reading: Reading?, digitCount: Int, stop: Int) {
        guard let start = s[from...].firstIndex(where: { isDigit($0) || $0 == "+" }) else { return (nil, 0, s.count) }
        let prefix = Array(s[..<start])
        // Scan the number: digits and separators; stop at anything else.
        var digits: [UInt8] = []
        var plus = false
        var i = start
        var lastDigit = -1
        // Digit groups so far, and digits.count where the second began (all `number` reads of the groups).
        var groupCount = 0, secondGroupStart = 0, thirdGroupStart = 0
        var previousWasDigit = false
        var trunkZeroDropped = false
        // Where each group of digits starts: in `digits` and in `s` (where two numbers joined by separators are cut).
        var groupStarts: [(digit: Int, scalar: Int)] = []
        while i < s.count {
            let c = s[i]
            if isDigit(c) {
                if !previousWasDigit {
                    groupStarts.append((digits.count, i))
                    groupCount += 1
                    if groupCount == 2 { secondGroupStart = digits.count }
                    if groupCount == 3 { thirdGroupStart = digits.count }
                }
                digits.append(UInt8(c.value))
                lastDigit = i
                previousWasDigit = true
                i += 1
                continue
            }
            previousWasDigit = false
            if c == "+" {
                if i == start { plus = true; i += 1; continue }
                break
            }
            // "(0)" right after a country code written with + or 00: the trunk digit, dropped.
            if c == "(", i + 2 < s.count, s[i + 1] == "0", s[i + 2] == ")", !trunkZeroDropped {
                let cc = plus ? digits.count : (digits.starts(with: [48, 48]) ? digits.count - 2 : -1)
                let first = plus ? digits.first : (digits.count > 2 ? digits[2] : nil)
                let code = plus ? digits : Array(digits.dropFirst(2))
                if (1...3).contains(cc), first != UInt8(ascii: "7"), !code.withUnsafeBufferPointer(PhoneNormalizer.keepsZeroAfterCode) {
                    trunkZeroDropped = true
                    i += 3
                    continue
                }
            }
            // "(8)" right after a country code written with +: another country's trunk digit (Lithuania's
            // "+370 (8) 5 ..."), which cannot be dropped as surely as a "0": no number.
            if c == "(", plus, i + 2 < s.count, s[i + 1] == "8", s[i + 2] == ")", (1...3).contains(digits.count),
               digits.first != UInt8(ascii: "7") {
                return (nil, 0, i)
            }
            if c == "." , lastDigit == i - 1, i + 1 < s.count, s[i + 1] == "0", groupCount == 1, !plus {
                // A spreadsheet float: 79161234567.0 (only a number of bare digits).
                var j = i + 1
                while j < s.count, s[j] == "0" { j += 1 }
                if j == s.count || !(isDigit(s[j]) || isSeparator(s[j])) {
                    i = j
                    lastDigit = j - 1
                    break
                }
            }
            if isSeparator(c) { i += 1; continue }
            break
        }
        guard lastDigit >= 0 else { return (nil, 0, i) }
        var suffix = Array(s[(lastDigit + 1)...])
        // An unmatched ")" right after the number closes its own bracket ("(8 916 123-45-67)").
        let numberText = s[start...lastDigit]
        let opens = numberText.filter { $0 == "(" }.count, closes = numberText.filter { $0 == ")" }.count
        if opens > closes, let first = suffix.first(where: { $0 != " " }), first == ")" {
            suffix.removeFirst(suffix.firstIndex(of: ")")! + 1)
        }
        let restText = restOf(prefix: prefix, suffix: suffix)
        var digitBytes = digits
        guard let e164 = digitBytes.withUnsafeMutableBufferPointer({ buffer in
            number(buffer, plus: plus, groupCount: groupCount, secondGroupStart: secondGroupStart, thirdGroupStart: thirdGroupStart,
                   alone: restText.isEmpty && !trunkZeroDropped)
        }) else {
            if let (e164, second) = twoNumbers(digits, plus: plus, groups: groupStarts) {
                return (Reading(e164: e164, rest: restOf(prefix: prefix, suffix: Array(s[second...]))), digits.count, i)
            }
            return (nil, digits.count, max(i, start + 1))
        }
        return (Reading(e164: e164, rest: restText), digits.count, i)
    }

    /// A run of digit groups that is two whole numbers written one after the other with only separators between
    /// them (`89161234567 89031234567`, `8 916 123 45 67 8 495 123 45 67`, `+7 916 123-45-67 8 (495) 123-45-67`):
    /// the first number and where the second starts in the text. Read only when exactly one cut between groups
    /// leaves two numbers each read on its own (the second without a `+`, so at least ten digits): no number has
    /// twenty digits, so the cut is no guess; a run with a stray digit or group (`9161234567 1`) is still none.
    static func twoNumbers(_ digits: [UInt8], plus: Bool, groups: [(digit: Int, scalar: Int)]) -> (String, Int)? {
        // Two numbers of at most 15 digits, each behind at most an international prefix ("8 10", "00"): more digits
        // are no two numbers (and trying every cut of a long run would cost its square).
        guard groups.count >= 2, digits.count >= 20, digits.count <= 36 else { return nil }
        var found: (String, Int)?
        for cut in 1..<groups.count {
            let split = groups[cut].digit
            guard let first = reading(digits[..<split], plus: plus, groups: groups[..<cut].map(\.digit)),
                  reading(digits[split...], plus: false, groups: groups[cut...].map { $0.digit - split }) != nil else { continue }
            // Two cuts that both work: which number is which cannot be told.
            guard found == nil else { return nil }
            found = (first, groups[cut].scalar)
        }
        return found
    }

    /// ``number(_:plus:groupCount:secondGroupStart:thirdGroupStart:alone:)`` of `digits` written in groups starting
    /// at the offsets `groups` (the first 0), not alone in the field.
    private static func reading(_ digits: ArraySlice<UInt8>, plus: Bool, groups: [Int]) -> String? {
        var bytes = Array(digits)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            number(buffer, plus: plus, groupCount: groups.count, secondGroupStart: groups.count > 1 ? groups[1] : 0,
                   thirdGroupStart: groups.count > 2 ? groups[2] : 0, alone: false)
        }
    }

    /// Most fields are one number written plainly: ASCII digits, an optional leading `+`, and spaces, `-` and
    /// brackets between the digits, starting with a digit or `+` and ending with a digit. For those the general
    /// reading above has nothing to do but collect the digits and where their groups start (no decoration,
    /// label, trunk `(0)`, float or rest), so this reads them from the UTF-8 bytes without building the array
    /// of scalars. `nil` means "not plain: read it the general way"; `.some(nil)` means "plain, and no number".
    ///
    /// One pass over the bytes, through a pointer: each digit goes to memory on the stack as the text is checked
    /// (as many bytes as the text: a phone's few digits need no heap), and the number is read if the text was plain
    /// to its end. (Two passes, one to check and count, one to collect, cost ~440 instructions a field.)
    static func readPlain(_ text: String) -> Reading?? {
        var text = text
        return text.withUTF8 { readPlain(utf8: $0) }
    }

    /// ``readPlain(_:)`` of a text's UTF-8.
    static func readPlain(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Reading?? {
        if let canonical = readCanonical(utf8: bytes) { return canonical }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: PhoneNormalizer.longestNumber + 1) { buffer -> Reading?? in
            let out = buffer.baseAddress.unsafelyUnwrapped
            return readPlainNumber(utf8: bytes, into: out).map { count in
                count.map { Reading(e164: String(ascii: UnsafeBufferPointer(start: out, count: $0)), rest: "") }
            }
        }
    }

    /// ``readPlain(utf8:)`` but for its short path (``readCanonical(utf8:)``, which the caller takes first), the E.164
    /// written to `out` (room for ``PhoneNormalizer/longestNumber`` + 1 bytes): `nil` when the text is not plain,
    /// `.some(nil)` when it is plain and no number, else how many bytes the E.164 takes (the rest is empty). The
    /// evaluator writes it straight into the lead's text memory (a slice, no `String`).
    static func readPlainNumber(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int?? {
        readPlainNumber(utf8: bytes, into: out, wordwise: true)
    }

    /// ``readPlainNumber(utf8:into:)``, its groups of digits found and copied eight bytes at a time when `wordwise`
    /// and the text has eight bytes or more (``digitRun(_:at:count:)``), a byte at a time otherwise (the tests
    /// compare the two).
    @inline(__always)
    static func readPlainNumber(utf8 bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>,
                                wordwise: Bool) -> Int?? {
        do {
            let count = bytes.count
            guard count > 0, let base = bytes.baseAddress else { return nil }
            // Eight bytes more than the text: a word of digits is stored whole, its bytes past the group overwritten
            // by the next group or left past the count.
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count &+ 8) { buffer -> Int?? in
                let digits = buffer.baseAddress.unsafelyUnwrapped
                // Digits so far, digit groups so far, and the digit count where the second and third groups began.
                var digitCount = 0, groupCount = 0, secondGroupStart = 0, thirdGroupStart = 0
                // A leading `+` (anywhere else it is not plain).
                let plus = base[0] == UInt8(ascii: "+")
                var offset = plus ? 1 : 0
                while offset < count {
                    let byte = base[offset]
                    if byte &- UInt8(ascii: "0") < 10 {
                        // A group of digits, copied in a loop of its own: what ends it is not a digit, or the end
                        // (the byte before a separator is `base[offset - 1]`: no state is kept between bytes).
                        groupCount &+= 1
                        if groupCount == 2 { secondGroupStart = digitCount } else if groupCount == 3 { thirdGroupStart = digitCount }
                        if wordwise && count >= 8 {
                            var length = 0
                            repeat {
                                let (word, run) = digitRun(base, at: offset, count: count)
                                UnsafeMutableRawPointer(digits + digitCount).storeBytes(of: word, as: UInt64.self)
                                digitCount &+= run
                                offset &+= run
                                length = run
                            } while length == 8 && offset < count
                            continue
                        }
                        var next = offset
                        repeat {
                            digits[digitCount] = base[next]
                            digitCount &+= 1
                            next &+= 1
                        } while next < count && base[next] &- UInt8(ascii: "0") < 10
                        offset = next
                        continue
                    }
                    guard offset > 0, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "(")
                            || byte == UInt8(ascii: ")") else { return nil }
                    // A "0" or "8" group closed by ")" may be a trunk "(0)" or "(8)" after a country code: the
                    // general reading decides.
                    if byte == UInt8(ascii: ")"), base[offset - 1] == UInt8(ascii: "0") || base[offset - 1] == UInt8(ascii: "8"),
                       offset >= 2, base[offset - 2] &- UInt8(ascii: "0") >= 10 {
                        return nil
                    }
                    offset &+= 1
                }
                guard base[count &- 1] &- UInt8(ascii: "0") < 10 else { return nil }
                // Twenty digits or more may be two numbers joined by separators: the general reading cuts them.
                if digitCount >= 20 { return nil }
                return .some(number(UnsafeMutableBufferPointer(start: digits, count: digitCount), plus: plus,
                                    groupCount: groupCount, secondGroupStart: secondGroupStart, thirdGroupStart: thirdGroupStart,
                                    alone: true, into: out))
            }
        }
    }

    /// The eight bytes of a text of `count` bytes (eight or more) from `offset` (before `count`), as a little-endian
    /// word, with how many of them from the first are ASCII digits (1 to 8 when the first is one). Past the text's
    /// end the word holds zeros (no digits): its last eight bytes are read and shifted, nothing outside the text.
    @inline(__always)
    static func digitRun(_ base: UnsafePointer<UInt8>, at offset: Int, count: Int) -> (word: UInt64, run: Int) {
        let word: UInt64
        if offset &+ 8 <= count {
            word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
        } else {
            let last = UInt64(littleEndian: UnsafeRawPointer(base + (count &- 8)).loadUnaligned(as: UInt64.self))
            word = last >> UInt64(truncatingIfNeeded: (offset &+ 8 &- count) &* 8)
        }
        // A byte is a digit when it differs from "0" by less than 10: each byte's high bit marks one that does not
        // (the low seven bits plus 0x76 reach 0x80 from 10 up, without a carry into the next byte).
        let x = word ^ 0x3030_3030_3030_3030
        let notDigits = (((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676) | x) & 0x8080_8080_8080_8080
        return (word.littleEndian, notDigits.trailingZeroBitCount >> 3)
    }

    /// ``readPlain(utf8:)`` of a number written as `phone_first` writes it back (`+` and 8 to 15 ASCII digits, the
    /// form of a field a rule has already rewritten, which later rules read again): `nil` for any other text. Such a
    /// text is one group after a `+`, so the reading is the digits themselves when ``PhoneNormalizer/international(_:)``
    /// takes them and they are no placeholder (``isNoNumber(_:)``), no number otherwise; the digits are read where
    /// they lie, without the copy, the group bookkeeping and the buffer of the general loop (~550 instructions a
    /// reading, ~170 this way).
    static func readCanonical(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Reading?? {
        guard let number = canonicalNumber(utf8: bytes) else { return nil }
        guard number else { return .some(nil) }
        return .some(Reading(e164: String(ascii: UnsafeBufferPointer(rebasing: bytes[1...])), rest: ""))
    }

    /// ``readCanonical(utf8:)`` without its `String`: `nil` for a text it does not read, `false` for no number, `true`
    /// when the E.164 is the text after its `+` (and the rest is empty).
    @inline(__always)
    static func canonicalNumber(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let digits = PhoneNormalizer.canonicalDigits(bytes) else { return nil }
        return PhoneNormalizer.isInternational(digits) && !isNoNumber(digits)
    }

    /// The digits of a run as E.164, or nil when they are not exactly one number or a placeholder; `groupCount`
    /// digit groups were written, the second starting at digit `secondGroupStart`, the third at `thirdGroupStart`.
    ///
    /// The number is written to sixteen bytes on the stack and checked there (``isNoNumber(_:)``): the `String` is
    /// made once, of a number that is kept (a `String` made first and read again for the checks cost ~100
    /// instructions a reading).
    static func number(_ raw: UnsafeMutableBufferPointer<UInt8>, plus: Bool, groupCount: Int, secondGroupStart: Int,
                       thirdGroupStart: Int, alone: Bool) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: PhoneNormalizer.longestNumber + 1) { buffer in
            let out = buffer.baseAddress.unsafelyUnwrapped
            guard let count = number(raw, plus: plus, groupCount: groupCount, secondGroupStart: secondGroupStart,
                                     thirdGroupStart: thirdGroupStart, alone: alone, into: out) else { return nil }
            return String(ascii: UnsafeBufferPointer(start: UnsafePointer(out), count: count))
        }
    }

    /// ``number(_:plus:groupCount:secondGroupStart:thirdGroupStart:alone:)`` written to `out` (room for
    /// ``PhoneNormalizer/longestNumber`` + 1 bytes): how many bytes, or `nil`.
    static func number(_ raw: UnsafeMutableBufferPointer<UInt8>, plus: Bool, groupCount: Int, secondGroupStart: Int,
                       thirdGroupStart: Int, alone: Bool, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        guard let count = anyNumber(raw, plus: plus, groupCount: groupCount, secondGroupStart: secondGroupStart,
                                    thirdGroupStart: thirdGroupStart, alone: alone, into: out) else { return nil }
        return isNoNumber(UnsafeBufferPointer(start: UnsafePointer(out), count: count)) ? nil : count
    }

    /// Numbers that cannot be dialled as written (``PhoneNormalizer/isDialable(_:)``), and numbers that forms and
    /// operators type where there is none: every digit after the country code the same
    /// (`+7 (999) 999-99-99`, `+7 000 000 00 00`), or a +7 number whose last seven digits are zeros
    /// (`+7 (916) 000-00-00`, `8 900 000 00 00`).
    static func isNoNumber(_ e164: String) -> Bool {
        var e164 = e164
        return e164.withUTF8 { isNoNumber($0) }
    }

    /// ``isNoNumber(_:)`` of E.164 digits as UTF-8 (at least one).
    static func isNoNumber(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = digits.count
        // Not dialable (one digit is not).
        guard count > 1 else { return true }
        let code = PhoneNormalizer.countryCodeLength(digits)
        guard PhoneNormalizer.isDialable(digits, code: code) else { return true }
        // Each test stops at the first digit that says no (for a real number: the national part's second
        // digit, the last digit).
        let lead = digits[code]
        var index = code + 1
        while index < count, digits[index] == lead { index += 1 }
        if index == count, count - code >= 6 { return true }
        guard count == 11, digits[0] == UInt8(ascii: "7") else { return false }
        var last = count - 1
        while last >= count - 7, digits[last] == UInt8(ascii: "0") { last -= 1 }
        return last < count - 7
    }

    /// ``number(_:plus:groupCount:secondGroupStart:thirdGroupStart:alone:)`` before placeholders are refused.
    /// The number is written to `out` (room for ``PhoneNormalizer/longestNumber`` + 1 bytes); the answer is how many
    /// bytes it takes.
    private static func anyNumber(_ raw: UnsafeMutableBufferPointer<UInt8>, plus: Bool, groupCount: Int, secondGroupStart: Int,
                                  thirdGroupStart: Int, alone: Bool, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        // The digits after an international prefix written as digits (no copy: a view of the rest).
        var digits = raw
        var international = plus
        let (zero, one, eight) = (UInt8(ascii: "0"), UInt8(ascii: "1"), UInt8(ascii: "8"))
        if !plus, digits.count >= 2, digits[0] == zero, digits[1] == zero {
            digits = UnsafeMutableBufferPointer(rebasing: digits[2...])
            international = true
        } else if !plus, digits.count >= 11, digits[0] == eight, digits[1] == one, digits[2] == zero {
            // 8 10 49 30 1234567: the Russian international prefix (no area code starts with 1).
            digits = UnsafeMutableBufferPointer(rebasing: digits[3...])
            international = true
        }
        guard let first = digits.first else { return nil }
        // Digits of the first group (all of them when written solid).
        let firstGroup = groupCount > 1 ? secondGroupStart : raw.count
        // The first group after "+" or "00" (the "00" alone, or glued to it: "00 8 (498) …", "008 (963) …").
        var codeGroup: Int?
        if plus, groupCount > 1 {
            codeGroup = firstGroup
        } else if international, digits.count == raw.count - 2, groupCount > 1 {
            if firstGroup > 2 { codeGroup = firstGroup - 2 } else if groupCount > 2 { codeGroup = thirdGroupStart - 2 }
        }
        if let codeGroup {
            let code = PhoneNormalizer.countryCodeLength(UnsafeBufferPointer(digits))
            // "+8 (495) 123-45-67": a lone digit after "+" that is no country code (only 1 and 7 are) is the trunk
            // 8 (or a slip) of a national number: read as a code it would give another country.
            if codeGroup == 1, code != 1 { return nil }
            // "+916 123-45-67", "+(495) 123-45-67": a Russian national number of ten digits behind a "+", its area
            // code written as the first group, which runs past the country code its digits would start with.
            if digits.count == 10, codeGroup == 3, code < 3 { return nil }
        }
        if international { return PhoneNormalizer.international(UnsafeBufferPointer(digits), into: out) }
        switch digits.count {
        case 11 where (first == UInt8(ascii: "8") || first == UInt8(ascii: "7"))
            && PhoneNormalizer.startsNationalNumberOfSeven(digits[1]) && (firstGroup == 1 || (4...6).contains(firstGroup) || groupCount == 1):
            // The trunk alone ("8 916 ..."), glued to the code ("8916 ...", "841156 ..."), or solid. A first group of
            // two or three digits ("834 555 01 23 0", "(871) 555-01-237") is an area code with a digit too many, one
            // of seven or more ("7701234567 7") a number with a stray digit, not a trunk.
            out.initialize(to: UInt8(ascii: "7"))
            (out + 1).update(from: digits.baseAddress.unsafelyUnwrapped + 1, count: 10)
            return 11
        case 10 where first == UInt8(ascii: "3") || first == UInt8(ascii: "4") || first == UInt8(ascii: "8")
            || first == UInt8(ascii: "9"):
            if first == UInt8(ascii: "8") {
                // 8xx area code, or the trunk 8 before an incomplete number (8 343 210 00 0, 8 7172 12 34 5)?
                // Written in groups, the first group says: an area code (3 to 5 digits) or the trunk (8).
                // Written solid, the code is sure when the other reading (the trunk 8, then the rest) cannot
                // start a number of +7: no number starts with 1, 2 or 5, and no area code with 31, 32, 37, 43,
                // 44, 45 or 46 (Russia's 3xx and 4xx codes and Kazakhstan's 3xx leave them free). So 81x, 82x,
                // 85x and Nizhny Novgorod's 831, Kazan's 843, Volgograd's 844, Saratov's 845 and Samara's 846
                // are read; 834 (Saransk, or the trunk before Yekaterinburg's 343...) is not.
                if groupCount > 1 {
                    guard (3...5).contains(secondGroupStart) else { return nil }
                } else if !Self.surelyAreaCode(digits[1], digits[2]) {
                    return nil
                }
            }
            return PhoneNormalizer.withTrunkSeven(UnsafeBufferPointer(digits), into: out)
        case 10 where first == UInt8(ascii: "7") && groupCount > 1
            && (firstGroup == 3 && digits[1] < UInt8(ascii: "8") || firstGroup == 4 && (digits[1] == UInt8(ascii: "1") || digits[1] == UInt8(ascii: "2"))):
            // A Kazakh national number without its trunk 8, its code written as the first group: a mobile or a city
            // of three digits ("701 123 45 67", "747 038 52 80", "(727) 123-45-67"), a landline code of four
            // ("(7172) 12-34-56"). Solid, after a lone "7" or as "7495 …", ten digits starting with 7 are more likely
            // a +7 number missing a digit.
            return PhoneNormalizer.withTrunkSeven(UnsafeBufferPointer(digits), into: out)
        // International digits without "+", "00" or "8 10": only written solid and alone in the field. In groups
        // they are more often a Russian number joined with a stray digit ("4. 8-495-123-45-67", "(495) 123-45-67
        // (2)", "9161234567 1") than a foreign one.
        case 12...15 where alone && groupCount == 1 && first != UInt8(ascii: "0") && first != UInt8(ascii: "8")
            && first != UInt8(ascii: "7"):
            return PhoneNormalizer.international(UnsafeBufferPointer(digits), into: out)
        case 11 where alone && groupCount == 1 && first != UInt8(ascii: "0") && first != UInt8(ascii: "8") && first != UInt8(ascii: "7"):
            return PhoneNormalizer.international(UnsafeBufferPointer(digits), into: out)
        default:
            return nil
        }
    }

    /// Whether a solid 10-digit number `8 d1 d2 ...` can only be read with the area code `8 d1 d2`: no +7
    /// number starts with `d1 d2` (see the comment where it is used).
    static func surelyAreaCode(_ d1: UInt8, _ d2: UInt8) -> Bool {
        switch (d1, d2) {
        case (UInt8(ascii: "1"), _), (UInt8(ascii: "2"), _), (UInt8(ascii: "5"), _): return true
        case (UInt8(ascii: "3"), UInt8(ascii: "1")), (UInt8(ascii: "3"), UInt8(ascii: "2")), (UInt8(ascii: "3"), UInt8(ascii: "7")): return true
        case (UInt8(ascii: "4"), UInt8(ascii: "3")), (UInt8(ascii: "4"), UInt8(ascii: "4")), (UInt8(ascii: "4"), UInt8(ascii: "5")),
             (UInt8(ascii: "4"), UInt8(ascii: "6")): return true
        default: return false
        }
    }

    /// The informative text around the number: the prefix when it holds letters or digits, and
    /// the suffix, each trimmed of separators; "" when they hold nothing but punctuation.
    static func restOf(prefix: [Unicode.Scalar], suffix: [Unicode.Scalar]) -> String {
        // Anything but blanks and the punctuation that only frames a number is worth keeping: letters and digits,
        // and marks that say something about it (❌, 🚫, 📠, (?), ~~struck through~~, !).
        func informative(_ part: [Unicode.Scalar]) -> Bool { part.contains { !framing.contains($0) && !$0.properties.isWhitespace } }
        func trimmed(_ part: [Unicode.Scalar], leadingWords: Bool) -> String {
            // Line breaks and other control characters become spaces (a custom value cannot hold them).
            let flat = part.map { $0.properties.generalCategory == .control ? " " : $0 }
            var text = String(String.UnicodeScalarView(flat)).trimmingCharacters(in: .whitespaces)
            let edge: Set<Character> = [",", ";", "/", "|", "-", ":", " ", "\n", "\r", "\"", "'", "="]
            while let c = text.first, edge.contains(c) { text.removeFirst() }
            if leadingWords {
                for word in ["или ", "or "] where text.lowercased().hasPrefix(word) {
                    text.removeFirst(word.count)
                    break
                }
            }
            while let c = text.last, edge.contains(c) { text.removeLast() }
            return text.trimmingCharacters(in: .whitespaces)
        }
        var parts: [String] = []
        if informative(prefix) { parts.append(trimmed(prefix, leadingWords: false)) }
        if informative(suffix) { parts.append(trimmed(suffix, leadingWords: true)) }
        return parts.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Punctuation around a number that says nothing about it: separators, brackets, quotes.
    static let framing: Set<Unicode.Scalar> = [",", ";", "/", "|", "-", ":", ".", "(", ")", "[", "]", "\"", "'", "=", "«", "»", "“", "”", "„", "`"]

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    static func isSeparator(_ c: Unicode.Scalar) -> Bool { c == " " || c == "-" || c == "." || c == "(" || c == ")" }
    static func isLetter(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic }

    static let leadingDecoration: Set<Unicode.Scalar> = [" ", "'", "=", "\"", "«", "»", "“", "”", "„", "`"]
    static let trailingDecoration: Set<Unicode.Scalar> = [" ", "\"", "«", "»", "“", "”", "`"]

    /// Moves `lo` past leading and `hi` before trailing decoration of `s[lo..<hi]`.
    static func trimDecoration(_ s: [Unicode.Scalar], _ lo: inout Int, _ hi: inout Int) {
        while lo < hi, leadingDecoration.contains(s[lo]) { lo += 1 }
        while hi > lo, trailingDecoration.contains(s[hi - 1]) { hi -= 1 }
    }

    /// Whether `s[lo..<hi]` starts with `word` (lowercase), each scalar compared through its lowercase mapping, as
    /// `String.lowercased()` would map it (a scalar whose mapping is several scalars matches no label).
    static func startsCaseless(_ s: [Unicode.Scalar], _ lo: Int, _ hi: Int, _ word: [Unicode.Scalar]) -> Bool {
        guard hi - lo >= word.count else { return false }
        for (offset, expected) in word.enumerated() {
            let c = s[lo + offset]
            if c == expected { continue }
            if c.isASCII {
                guard c.value >= 0x41, c.value <= 0x5A, c.value + 0x20 == expected.value else { return false }
                continue
            }
            let lower = c.properties.lowercaseMapping.unicodeScalars
            guard lower.count == 1, lower.first == expected else { return false }
        }
        return true
    }

    /// Unicode spaces -> " ", dashes -> "-", fullwidth plus and digits -> ASCII, invisible
    /// characters (direction marks, zero-width, BOM, soft hyphen) dropped, tabs -> " ".
    static func normalized(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for c in text.unicodeScalars {
            if InvisibleCharacters.contains(c) { continue }
            switch c.value {
            case 0x09, 0x0B, 0x0C, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                out.append(" ")
            case 0x2010...0x2015, 0x2212, 0xFE63, 0xFF0D:
                out.append("-")
            case 0xFF0B:
                out.append("+")
            case 0xFF10...0xFF19:
                out.append(Unicode.Scalar(c.value - 0xFF10 + 0x30)!)
            case 0xFF08: out.append("(")
            case 0xFF09: out.append(")")
            default:
                out.append(c)
            }
        }
        return out
    }
}
