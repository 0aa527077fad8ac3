import Foundation
import RulesLanguage

/// Phones written back in this lead: a rule's `concat("+", phone_first(x))` proposed as a field, which later rules read
/// again (`phone_first`, `e164`, `phone_rest` of the field: a zone table's key, a test of the number).
///
/// What those readings answer is known without reading the text. An answer of `phone_first` is always E.164 digits
/// that its short path for a written-back number takes: 8 to 15 ASCII digits, a number by
/// `PhoneNormalizer.isInternational` and no placeholder (`PhoneFieldReader.isNoNumber`). Every way it is made ends
/// there: the text after the `+` of such a number (`PhoneFieldReader.canonicalNumber`), and any other reading through
/// `PhoneFieldReader.number(…)`, which refuses a placeholder and whose digits are `PhoneNormalizer.international`'s
/// (checked), or `7` and ten digits. So `+` then such an answer `d` is read by that short path: `phone_first` is `d`,
/// `phone_rest` missing, and `e164` (`PhoneNormalizer.canonicalE164`) `d` too (`WrittenNumberTests` checks this on
/// many texts, and the evaluator against the reference interpreter).
///
/// The answer `d` is kept as its slice of the lead's text memory (``writtenNumbers``, the last ``writtenNumberRoom``),
/// and a phone reader of a `String` (a proposal: ``phoneCall(_:of:)``) that is `+` and the bytes of one of them
/// answers with it: no copy of the text, no search of the remembered answers, no reading (~300 instructions a reading).
extension EvaluationCore {
    /// How many written numbers a lead keeps (a pack writes back one or two phones).
    static let writtenNumberRoom = 4

    /// An entry of ``writtenNumbers`` that holds none (no lead has generation 0).
    static let noWrittenNumber = TextSlice(start: 0, end: 0, generation: 0)

    /// ``joined(_:_:)`` of a part and `number`, an answer of `phone_first` (a slice): when the part is `+`, the number is
    /// noted (``writtenNumbers``).
    @inline(never)
    mutating func joined(_ first: consuming HeldValue, writtenNumber number: TextSlice) -> String {
        var head: String
        switch consume first {
        case let .text(slice):
            // A slice of as many bytes: joined as ``joined(_:_:)`` joins two slices.
            let bytes = texts.bytes(slice)
            if bytes.count == 1, bytes[0] == UInt8(ascii: "+") { noteWrittenNumber(number) }
            return Self.joined(utf8: bytes, texts.bytes(number))
        case let .value(value):
            // A part without text is skipped: the number alone.
            guard let text = (consume value).takeText() else { return texts.string(number) }
            head = text
        }
        let texts = self.texts
        return head.withUTF8 { head in
            if head.count == 1, head[0] == UInt8(ascii: "+") { noteWrittenNumber(number) }
            return Self.joined(utf8: head, texts.bytes(number))
        }
    }

    /// Notes `number`, written after a `+`.
    @inline(__always)
    mutating func noteWrittenNumber(_ number: TextSlice) {
        joinNoted = true
        joinNumber = number
        writtenNumbers[writtenNumberNext] = number
        writtenNumberNext = writtenNumberNext &+ 1 == Self.writtenNumberRoom ? 0 : writtenNumberNext &+ 1
    }

    /// The noted number (``joined(_:writtenNumber:)``) whose `+` and bytes `bytes` are, if any.
    @inline(__always)
    func writtenNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> TextSlice? {
        let count = bytes.count
        guard count > 1, let base = bytes.baseAddress, base[0] == UInt8(ascii: "+") else { return nil }
        let generation = texts.generation
        for i in 0..<Self.writtenNumberRoom {
            let number = writtenNumbers[i]
            guard number.generation == generation, number.count == count &- 1 else { continue }
            if let digits = texts.bytes(number).baseAddress, memcmp(digits, base + 1, count &- 1) == 0 { return number }
        }
        return nil
    }

    /// Whether the instruction at `index` is a `concat()` of two parts (whose call clears ``joinNoted`` before it joins,
    /// so that after it ``joinNoted`` says whether it noted a written number).
    @inline(__always)
    func isJoinOfTwo(_ index: Int32) -> Bool {
        if case .call(.concat, _, 2) = program.code.instructions[Int(index)] { return true }
        return false
    }

    /// After writer `writer` proposed ``joinNumber``'s `+` and bytes (a written number: ``joinNoted``) for field `slot`,
    /// which held the proposal of rank `before`: when the proposal is now the field's (its rank is the writer's, and was
    /// not before: a writer's second proposal of a field does not replace its first), the field's phone readings are
    /// known (``candidateNumbers``), as ``candidatePhoneCall(_:slot:)`` would find them on its first reading (the same
    /// bytes: `+` and the number's).
    @inline(__always)
    mutating func noteWrittenProposal(_ slot: Int, before: Int, writer: Int) {
        let rank = plan.outranking[writer].rank
        guard before != rank, holderRanks[slot] == rank else { return }
        candidateNumbers[slot] = CandidateNumber(generation: generation, rank: rank, number: joinNumber)
    }

    /// A proposal of a field found to be a written number: valid in the lead of `generation` while the field holds the
    /// proposal of the writer of rank `rank` (``holderRanks``; a writer's rank is its own, and the proposal a field holds
    /// is replaced only by one of a writer of higher rank, so one rank is one proposal in a lead).
    struct CandidateNumber {
        var generation: UInt32
        var rank: Int
        var number: TextSlice
    }

    /// ``heldCall(_:start:count:)`` of a phone reader (`phone_first`, `phone_rest`, `e164`) of field `slot`'s proposal
    /// (the running writer does not write the field, and an earlier writer proposed it): when it is a number written
    /// back (``writtenNumber(_:)``), its reading, known from the slot once found (``candidateNumbers``); else the
    /// reading of its text (``heldCall(_:of:)``, as ``heldOperand(_:)`` gives it: ``read(_:)``).
    @inline(never)
    mutating func candidatePhoneCall(_ builtin: BuiltinFunction, slot: Int) -> HeldValue {
        let rank = holderRanks[slot]
        let known = candidateNumbers.address(slot)
        if known.pointee.generation == generation, known.pointee.rank == rank {
            return builtin == .phoneRest ? .value(.missing) : .text(known.pointee.number)
        }
        switch read(slot) {
        case var .string(text):
            if let number = text.withUTF8({ writtenNumber($0) }) {
                candidateNumbers[slot] = CandidateNumber(generation: generation, rank: rank, number: number)
                return builtin == .phoneRest ? .value(.missing) : .text(number)
            }
            return phoneCall(builtin, of: text)
        case let value:
            return heldCall(builtin, of: .value(value))
        }
    }
}
