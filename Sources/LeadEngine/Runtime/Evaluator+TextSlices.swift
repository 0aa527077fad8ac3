import Foundation
import JSON
import RulesLanguage

/// Text values kept as slices of the lead's text memory (``TextSlice``, ``LeadTextBuffer``): the readers that take
/// them as bytes (the regex tests, `text()`, `json()`, the remembered text functions) and the places where one
/// becomes a `String`.
extension EvaluationCore {
    /// The lead-wide value `slot` (computed for this lead) as a ``Value``: a slice becomes a `String`, kept in its
    /// place for the rest of the lead.
    mutating func leadConstantValue(_ slot: Int) -> Value {
        switch leadConstants[slot] {
        case let .value(value): return value
        case let .text(slice):
            let value = Value.string(texts.string(slice))
            leadConstants[slot] = .value(value)
            return value
        }
    }

    /// The value of the instruction at `index` for a reader of text: a field of the lead, a lead-wide value or a
    /// remembered text function's answer that is text is given as its slice; anything else as ``operand(_:)`` gives
    /// it.
    mutating func heldOperand(_ index: Int32) throws(Failure) -> HeldValue {
        switch program.code.instructions[Int(index)] {
        case let .field(slot):
            let slot = Int(slot)
            // A proposal of an earlier writer is read as `read` reads it; else the lead's own value, as it is kept.
            if !program.writeMasks[currentWrites + slot], hasCandidate(slot) { return .value(read(slot)) }
            return heldLeadValue(slot)
        case let .leadConstant(slot, expression):
            let slot = Int(slot)
            if leadConstantStamps[slot] == generation { return leadConstants[slot] }
            // A failure is not remembered: the next writer asking fails the same way, with its own name.
            if try rememberedMissingForNoDocument(slot) { return .value(.missing) }
            let value = try heldOperand(expression)
            leadConstants[slot] = value
            leadConstantStamps[slot] = generation
            return value
        case let .call(builtin, start, count) where Self.isRememberedText(builtin):
            return try heldCall(builtin, start: Int(start), count: Int(count))
        case let .call(builtin, start, count):
            // What ``evaluate(_:)`` answers for a call, without its frame (`amount(json(...))` of a lead-wide value).
            return .value(try call(builtin, start: Int(start), count: Int(count)))
        default:
            return .value(try operand(index))
        }
    }

    /// The built-ins whose answers are remembered for the lead, by their input text (see ``call(_:start:count:)``).
    @inline(__always)
    static func isRememberedText(_ builtin: BuiltinFunction) -> Bool {
        switch builtin {
        case .e164, .phoneFirst, .phoneRest, .digits, .text: return true
        default: return false
        }
    }

    /// A remembered text function (``isRememberedText(_:)``) of its first argument: the answer as it is kept (`text()`
    /// of a plain text is that text, of a quiz log its values written to the lead's text memory).
    mutating func heldCall(_ builtin: BuiltinFunction, start: Int, count: Int) throws(Failure) -> HeldValue {
        guard count > 0 else { return .value(.missing) }
        let argument = program.code.operands[start]
        // A field's own value (`phone_first(phone)` in a rule that writes `phone`, or before any writer proposed it): the
        // answer found by the field's slot (``fieldCallEntries``), not by a search of the memo.
        if case let .field(slot) = program.code.instructions[Int(argument)] {
            if program.writeMasks[currentWrites &+ Int(slot)] || !hasCandidate(Int(slot)) { return fieldCall(builtin, slot: Int(slot)) }
            // A proposal of an earlier writer, read by a phone reader: perhaps a phone written back (``candidatePhoneCall(_:slot:)``).
            if builtin == .phoneFirst || builtin == .phoneRest || builtin == .e164 { return candidatePhoneCall(builtin, slot: Int(slot)) }
        }
        return heldCall(builtin, of: try heldOperand(argument))
    }

    /// ``heldCall(_:start:count:)`` of the lead's own value of field `slot` (which the running writer reads: it writes
    /// the field, or no writer proposed it): the answer remembered for it in this lead, by slot (the entry of
    /// ``sliceMemo`` that ``fieldCallEntries`` names), or found or computed as for any slice and its entry noted.
    @inline(never)
    mutating func fieldCall(_ builtin: BuiltinFunction, slot: Int) -> HeldValue {
        let key = slot &* Self.rememberedTextCount &+ Self.rememberedTextIndex(builtin)
        if fieldCallStamps[key] == generation { return sliceMemo[Int(fieldCallEntries[key])].output }
        let slice: TextSlice
        switch heldLeadValue(slot) {
        case let .text(text): slice = text
        case let .value(value): return heldCall(builtin, of: .value(value))
        }
        if let index = rememberedIndex(builtin, slice: slice) {
            fieldCallStamps[key] = generation
            fieldCallEntries[key] = Int32(truncatingIfNeeded: index)
            return sliceMemo[index].output
        }
        let output = compute(builtin, .text(slice))
        remember(builtin, slice: slice, copy output)
        let index = sliceMemo.count &- 1
        fieldCallStamps[key] = generation
        fieldCallEntries[key] = Int32(truncatingIfNeeded: index)
        // The phone readers remember the other answer of the same reading just before (``compute(_:_:)``).
        if builtin == .phoneFirst || builtin == .phoneRest, index > 0 {
            let other: BuiltinFunction = builtin == .phoneFirst ? .phoneRest : .phoneFirst
            if sliceMemo[index &- 1].builtin == other, sliceMemo[index &- 1].input == slice {
                let otherKey = slot &* Self.rememberedTextCount &+ Self.rememberedTextIndex(other)
                fieldCallStamps[otherKey] = generation
                fieldCallEntries[otherKey] = Int32(truncatingIfNeeded: index &- 1)
            }
        }
        return output
    }

    /// How many built-ins ``isRememberedText(_:)`` names, and the place of each among them (``fieldCallEntries``).
    static let rememberedTextCount = 5
    @inline(__always)
    static func rememberedTextIndex(_ builtin: BuiltinFunction) -> Int {
        switch builtin {
        case .e164: return 0
        case .phoneFirst: return 1
        case .phoneRest: return 2
        case .digits: return 3
        default: return 4
        }
    }

    /// ``heldCall(_:start:count:)`` of its argument's value as it is kept (`input`).
    mutating func heldCall(_ builtin: BuiltinFunction, of input: consuming HeldValue) -> HeldValue {
        switch consume input {
        case let .text(slice):
            if let known = remembered(builtin, slice: slice) { return known }
            let output = compute(builtin, .text(slice))
            remember(builtin, slice: slice, copy output)
            return output
        case let .value(value):
            // A `String`: as before slices, but for `text()` of a document (its values are written as a slice).
            guard let text = (consume value).takeText() else { return .value(.missing) }
            if builtin == .text, Self.mayBeJSONDocument(text) { return self.text(ofDocument: text) }
            if builtin == .phoneFirst || builtin == .phoneRest || builtin == .e164 { return phoneCall(builtin, of: text) }
            return .value(rememberedCall(builtin, text))
        }
    }

    /// A phone reader (`phone_first`, `phone_rest`, `e164`) of a `String` (a phone a rule wrote, read by a later one),
    /// as of a slice: the answer remembered for a slice of the same bytes, or the text copied to the lead's text
    /// memory and read there (``compute(_:_:)``), so that the answer is a slice too (``phoneReading(_:)``).
    mutating func phoneCall(_ builtin: BuiltinFunction, of text: consuming String) -> HeldValue {
        // Taken, not copied (a `var` copy of a borrowed parameter retained and released it).
        text.withUTF8 { bytes -> HeldValue in
            // A phone this lead wrote back (``writtenNumber(_:)``): its reading is known.
            if let number = writtenNumber(bytes) { return builtin == .phoneRest ? .value(.missing) : .text(number) }
            if let known = remembered(builtin, utf8: bytes) { return known }
            let count = bytes.count
            let out = texts.reserve(count, in: textStorage)
            if let source = bytes.baseAddress, count > 0 { out.update(from: source, count: count) }
            let slice = texts.commit(count)
            let output = compute(builtin, .text(slice))
            remember(builtin, slice: slice, copy output)
            return output
        }
    }

    /// `text()` of a `String` that may be a JSON document (a decoded lead's quiz log), as ``text(of:)`` reads a slice:
    /// the text copied to the lead's text memory, its values written after it (no `String` of them is made);
    /// remembered by the input's bytes.
    mutating func text(ofDocument text: String) -> HeldValue {
        let input = HeldValue.value(.string(text))
        let length = text.utf8.count
        for i in sliceMemo.indices where sliceMemo[i].builtin == .text && sliceMemo[i].input.count == length
            && texts.same(.text(sliceMemo[i].input), input) {
            return sliceMemo[i].output
        }
        var text = text
        let slice = text.withUTF8 { bytes in
            let out = texts.reserve(bytes.count, in: textStorage)
            if let source = bytes.baseAddress, bytes.count > 0 { out.update(from: source, count: bytes.count) }
            return texts.commit(bytes.count)
        }
        let output = self.text(of: slice)
        remember(.text, .text(slice), output)
        return output
    }

    /// The remembered text functions of an input text (a `String` or a slice): ``compute(_:_:key:)`` of a `String`;
    /// `text()` of a slice reads its bytes and answers a slice.
    mutating func compute(_ builtin: BuiltinFunction, _ input: HeldValue) -> HeldValue {
        switch input {
        case let .value(value):
            guard case let .string(text) = value else { return .value(.missing) }
            return .value(compute(builtin, text, slice: nil))
        case let .text(slice):
            switch builtin {
            case .text: return text(of: slice)
            case .digits: return .value(Self.digits(texts.bytes(slice)))
            // The phone readers read the bytes (no `String` of the field).
            case .e164:
                // `+` and digits (a phone a rule wrote back): its E.164 is its text after the `+`, a slice of it.
                if let digits = PhoneNormalizer.canonicalDigits(texts.bytes(slice)) {
                    return PhoneNormalizer.isInternational(digits) ? .text(Self.afterPlus(slice)) : .value(.missing)
                }
                return .value(PhoneNormalizer.e164(utf8: texts.bytes(slice)).map(Value.string) ?? .missing)
            case .phoneFirst, .phoneRest:
                // One reading answers both: remember the other one too (as ``compute(_:_:slice:)``).
                let (first, rest) = phoneReading(slice)
                if builtin == .phoneFirst {
                    remember(.phoneRest, slice: slice, consume rest)
                    return first
                }
                remember(.phoneFirst, slice: slice, consume first)
                return rest
            default: return .value(compute(builtin, texts.string(slice), slice: slice))
            }
        }
    }

    /// `phone_first()` and `phone_rest()` of a slice (``PhoneFieldReader/read(_:)``): a number read from plain text
    /// (`+`, digits and separators: most phones) is its E.164 written after the lead's texts, or the text after the
    /// `+` of one already in that form, as a slice (no `String`: `length()`, a table's key, `concat()` and a regex
    /// read its bytes); the rest is then empty (missing). Any other text is read the general way, as `String`s.
    mutating func phoneReading(_ slice: TextSlice) -> (first: HeldValue, rest: HeldValue) {
        if let number = PhoneFieldReader.canonicalNumber(utf8: texts.bytes(slice)) {
            return (number ? .text(Self.afterPlus(slice)) : .value(.missing), .value(.missing))
        }
        // Room first: the input is read where it lies, after the memory has grown.
        let out = texts.reserve(PhoneNormalizer.longestNumber + 1, in: textStorage)
        switch PhoneFieldReader.readPlainNumber(utf8: texts.bytes(slice), into: out) {
        case let .some(count?): return (.text(texts.commit(count)), .value(.missing))
        case .some(nil): return (.value(.missing), .value(.missing))
        case nil:
            let reading = PhoneFieldReader.readGeneral(texts.string(slice))
            let first = reading.map { Value.string($0.e164) } ?? .missing
            let rest = reading.map { $0.rest.isEmpty ? Value.missing : .string($0.rest) } ?? .missing
            return (.value(first), .value(rest))
        }
    }

    /// The text of `slice` after its first byte (a `+`).
    @inline(__always)
    static func afterPlus(_ slice: TextSlice) -> TextSlice {
        TextSlice(start: slice.start &+ 1, end: slice.end, generation: slice.generation)
    }

    /// `text()` of a slice: a JSON document (a quiz log) reads as its string values, decoded, one per line, written
    /// after the lead's texts; any other text as itself (the same slice). What ``compute(_:_:key:)`` answers for the
    /// same text as a `String`.
    mutating func text(of slice: TextSlice) -> HeldValue {
        // A text read while the field was copied (``LeadTextBuffer/append(literal:readingTextIn:)``): a document, or a
        // plain text without invisible characters (its own slice).
        if texts.readText.input == slice {
            if texts.readText.isDocument { jsonDocuments.append(JSONDocumentEntry(text: .text(slice), isDocument: true)) }
            return .text(texts.readText.output)
        }
        guard Self.mayBeJSONDocument(utf8: texts.bytes(slice)) else { return visibleText(slice) }
        let bound = JSONParser.scalarTextBound(count: slice.count, separatorCount: 1)
        // A very long document: read as a `String` (the reading of `compute`, which then collects in a growing array).
        guard bound <= JSONParser.largestKeptScratch else {
            return .value(compute(.text, texts.string(slice), slice: slice))
        }
        // Room first: the input is read where it lies, after the memory has grown.
        let out = texts.reserve(bound, in: textStorage)
        var separator = UInt8(ascii: "\n")
        let written = withUnsafePointer(to: &separator) { separator in
            JSONParser.scalarTextIfDocument(utf8: texts.bytes(slice), separator: UnsafeBufferPointer(start: separator, count: 1),
                                            into: out, capacity: bound)
        }
        // The reading refuses the texts the parser refuses: its verdict serves `json()` of the same text.
        jsonDocuments.append(JSONDocumentEntry(text: .text(slice), isDocument: written != nil))
        guard let written else { return visibleText(slice) }
        // The values read, without invisible characters (removed in place: what is written never passes what is read).
        let read = UnsafeBufferPointer(start: out, count: written)
        let kept = InvisibleCharacters.firstIndex(in: read) == nil ? written : InvisibleCharacters.remove(from: read, into: out)
        return .text(texts.commit(kept))
    }

    /// A text read as itself by `text()`: the same slice, or, when it holds invisible characters
    /// (``InvisibleCharacters``), a copy without them written after the lead's texts.
    mutating func visibleText(_ slice: TextSlice) -> HeldValue {
        guard InvisibleCharacters.firstIndex(in: texts.bytes(slice)) != nil else { return .text(slice) }
        let out = texts.reserve(slice.count, in: textStorage)
        // Reserved first: the input is read where it lies, after the memory has grown.
        let kept = InvisibleCharacters.remove(from: texts.bytes(slice), into: out)
        return .text(texts.commit(kept))
    }

    /// `digits()` of UTF-8 text: its ASCII digits (the test is cheaper than the scalar's properties, and means the
    /// same), gathered in one buffer of the text's length, on the stack when small.
    static func digits(_ text: UnsafeBufferPointer<UInt8>) -> Value {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count) { buffer in
            var count = 0
            for byte in text where byte >= 0x30 && byte <= 0x39 {
                buffer[count] = byte
                count += 1
            }
            return .string(String(ascii: UnsafeBufferPointer(rebasing: buffer[..<count])))
        }
    }

    /// ``mayBeJSONDocument(_:)`` of UTF-8 text.
    static func mayBeJSONDocument(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case 0x20, 0x0A, 0x09: continue
            case 0x0D:
                if index < count, bytes[index] == 0x0A { return false }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): return true
            default: return false
            }
        }
        return false
    }
}

/// The readings of the lead's texts that need nothing else of the evaluator: on the buffer (a plain value), so that
/// the evaluator, which is changing, is not copied to call them (a non-mutating method of the evaluator's state
/// copied all of it, and retained every reference in it).
extension LeadTextBuffer {
    /// The text of `slice` as a `String` (valid UTF-8: a checked field's, or values `text()` wrote).
    func string(_ slice: TextSlice) -> String {
        String(checkedUTF8: bytes(slice))
    }

    /// `held` as a ``Value``: a slice becomes a `String`.
    func value(of held: consuming HeldValue) -> Value {
        switch consume held {
        case let .value(value): return value
        case let .text(slice): return .string(string(slice))
        }
    }

    /// Whether two slices of this lead hold the same text (the same slice, or the same bytes).
    @inline(__always)
    func sameBytes(_ x: TextSlice, _ y: TextSlice) -> Bool {
        if x == y { return true }
        guard x.count == y.count else { return false }
        return x.count == 0 || memcmp(bytes(x).baseAddress!, bytes(y).baseAddress!, x.count) == 0
    }

    /// Whether two input texts (a `String` as ``Value/string(_:)``, or a slice) are the same text.
    func same(_ a: HeldValue, _ b: HeldValue) -> Bool {
        // The commonest question: the same slice (a field's text asked for again).
        if case let .text(x) = a, case let .text(y) = b, x == y { return true }
        switch (a, b) {
        case let (.text(x), .text(y)):
            guard x.count == y.count else { return false }
            let first = bytes(x), second = bytes(y)
            return x.count == 0 || memcmp(first.baseAddress!, second.baseAddress!, x.count) == 0
        case let (.value(.string(x)), .value(.string(y))):
            return x.utf8.count == y.utf8.count && x == y
        case let (.text(x), .value(.string(y))), let (.value(.string(y)), .text(x)):
            guard x.count == y.utf8.count else { return false }
            let first = bytes(x)
            return y.utf8.withContiguousStorageIfAvailable { second in
                x.count == 0 || memcmp(first.baseAddress!, second.baseAddress!, x.count) == 0
            } ?? (String(checkedUTF8: first) == y)
        default:
            return false
        }
    }

}
