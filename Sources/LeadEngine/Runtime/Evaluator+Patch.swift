import LeadFields
import Foundation
import RulesLanguage

extension EvaluationCore {
    /// Turns the winning proposals into the minimal patch: each value converted and validated for
    /// its field, compared with the lead's value, and kept only when it changes. The patch and the changes go to
    /// `buffer` (emptied before), problems to its errors.
    ///
    /// The touched slots are put in patch order first (there are few: an insertion sort in place), so
    /// the changes and the patch's members are appended in their final order, into the buffer's reused storage.
    mutating func buildPatch(into buffer: inout EvaluationBuffer) {
        sortTouchedInPatchOrder()
        for slot in touched {
            guard hasCandidate(slot) else { continue }
            // The lead's value first, before the candidate is taken (read after, a mutating call between copied the
            // candidate's value, key and field: an outlined copy, a retain and a release each). A text read as bytes
            // (a slice) stays bytes, compared as bytes below and kept as the change's ``OldText`` (no `String` of it is
            // made). Read moved out of its place and back (bitwise, nothing else reads it between): read in place, its
            // value was copied (an outlined copy and destroy, and a retain and release of a text). An integer is
            // compared as it is; the value as JSON (``HeldValue/oldJSON``) is made only for a change or another
            // comparison.
            if leadStamps[slot] != generation { storeLeadValue(slot) }
            let held = leadValues.address(slot).move()
            let oldSlice = held.slice
            let oldInteger = held.integer
            let heldIsEmpty = held.isEmpty
            leadValues.address(slot).initialize(to: consume held)
            // The candidate's value and where in its writer it was proposed. Without provenance matches nothing reads
            // the candidates any more: the value is moved out rather than copied (a copy retained its text), and
            // moved on into the validation and the patch; ``matchesOf(_:)`` re-runs conditions that read them.
            let value: Value
            let writer: Int, kind: FieldChange.Origin, position: Int
            var lookedUp = ""
            if withMatches {
                guard let stored = candidates[slot] else { continue }
                value = stored.value
                writer = stored.writer
                (kind, position) = stored.origin.patchOrigin
                lookedUp = stored.origin.lookedUp
            } else {
                let taken = takeCandidate(slot, lookedUp: &lookedUp)
                value = taken.value
                (writer, kind, position) = (taken.writer, taken.kind, taken.position)
            }
            let slotField = patchSlots[slot]
            let new: JSONValue
            let isClear: Bool
            // For a text sent to a phone field: whether the lead's text holds it, when its bytes decide it (read with
            // the validation: ``phoneValidated(taking:held:for:same:)``).
            var phoneSame: Bool? = nil
            if case .clear = value {
                guard !heldIsEmpty else { continue }
                new = PatchValidator.clearValue(for: slotField.key)
                isClear = true
            } else {
                let validated: Result<JSONValue, PatchValidator.Rejection>
                if kind == .row, !slotField.isCustomValue, slotField.kind == .utcOffset, let zone = value.zone {
                    // A table row's zone: its hours remembered by row (what ``PatchValidator/validate(_:for:now:)`` says).
                    validated = PatchValidator.offset(rowZoneHours(zone, writer: writer, row: position), for: slotField,
                                                      rejecting: consume value)
                } else if slotField.kind == .phone, !slotField.isCustomValue, case .string = value {
                    validated = phoneValidated(taking: consume value, held: oldSlice, written: writtenProposal(slot),
                                               for: slotField, same: &phoneSame)
                } else {
                    validated = PatchValidator.validateQuickly(taking: consume value, for: slotField, now: now)
                }
                switch consume validated {
                case let .success(value): new = value
                case let .failure(rejection):
                    let key = slotField.key
                    buffer.errors.append(LeadError(leadId: buffer.leadId, rule: program.writers[writer].name,
                                                   location: program.provenance.location(writer: writer, origin: kind,
                                                                                         position: position),
                                                   field: key,
                                                   message: "\(key) = \(describe(rejection.value)) is not sent: \(rejection.problem.message)"))
                    continue
                }
                // Never reached (propose keeps empty values out, and validation does not empty a
                // value): the guard makes `clear` the only way to an empty value by construction.
                if !PatchValidator.surelyKeepsField(new, validatedFor: slotField), new.emptiesField { continue }
                if let phoneSame {
                    if phoneSame { continue }
                } else if let oldSlice {
                    if sameText(oldSlice, wanted: new, kind: slotField.kind) { continue }
                } else if let oldInteger, case let .int(wanted) = new {
                    // What ``LeadFields/sameValue(held:wanted:kind:)`` answers for two integers.
                    if oldInteger == wanted { continue }
                } else if LeadFields.sameValue(held: leadValues[slot].oldJSON, wanted: new, kind: slotField.kind) {
                    continue
                }
                isClear = false
            }
            buffer.written.append(slot: slot, writer: writer)
            // Provenance only when asked: without it (patch-only detail) no change is made, its old text is not kept.
            if recordsChanges {
                let oldText = oldSlice.map { oldTexts.append(texts.bytes($0)) }
                let old = oldSlice == nil ? leadValues[slot].oldJSON : nil
                // The old and new values, the looked-up text, moved into the change and the patch (`consume`): their
                // copies were a retain and a release each, and an outlined copy and destroy.
                buffer.changes.append(FieldChange(storage: oldTexts, slot: slot, writer: writer, origin: kind,
                                                  position: position, lookedUp: consume lookedUp, old: consume old,
                                                  oldText: oldText, new: new, isClear: isClear,
                                                  matches: withMatches ? matchesOf(writer) : nil))
            }
            if isClear { buffer.patch.clears.insert(slotField.key) }
            if slotField.isCustomValue, let customKey = slotField.field._withUnsafeGuaranteedRef({ $0.customValueKey }) {
                buffer.customValues.append((customKey, consume new))
            } else {
                buffer.patch.fields.append((program.fieldKeys[slot], consume new))
            }
        }
        if !buffer.customValues.isEmpty { buffer.patch.fields.append(("customValues", .object(buffer.customValues))) }
    }

    /// The whole hours at ``now`` of `zone`, the value of row `row` of writer `writer`: remembered by the zone for a
    /// table's row, by the row for a decision table's (``ZoneHoursMemo``).
    mutating func rowZoneHours(_ zone: TimeZone, writer: Int, row: Int) -> Int {
        let facts = plan.writers[writer]
        if facts.kind == .table {
            let table = facts.table
            let index = plan.tables[table].table._withUnsafeGuaranteedRef { $0.rowZones[row] }
            if index >= 0 { return zoneHours.hours(of: zone, table: table, zone: Int(index), at: now) }
        }
        return zoneHours.hours(of: zone, writer: writer, row: row, at: now)
    }

    /// The candidate of `slot` (which has one) moved out of ``candidates`` (which no longer holds one there): its
    /// value, writer, and where in the writer it was proposed; what a row looked up in `lookedUp` when changes are
    /// recorded (``recordsChanges``: else it is not read, and left empty).
    ///
    /// Moved member by member through a pointer: taking the whole `Candidate?` out (`take()`) copied it twice on the
    /// stack, and destroying it went through its type's value witnesses (~130 instructions: the compiler's choice
    /// for a type of two multi-payload enums). The origin is read where it lies, and destroyed there unless it holds
    /// nothing (an action's, a row's whose key was not kept: ``EvaluationCore/Origin/holdsNothing``). Every other
    /// member of a candidate is trivial, so once the value is moved out and the origin destroyed the slot holds nothing
    /// to destroy and is initialized to `nil`.
    @inline(__always)
    mutating func takeCandidate(_ slot: Int, lookedUp: inout String) -> (value: Value, writer: Int, kind: FieldChange.Origin, position: Int) {
        let pointer = candidates.address(slot)
        guard let writer = pointer.pointee?.writer else { preconditionFailure("the slot has a candidate") }
        let raw = UnsafeMutableRawPointer(pointer)
        let value = (raw + candidateValueOffset).assumingMemoryBound(to: Value.self).move()
        let origin = (raw + candidateOriginOffset).assumingMemoryBound(to: Origin.self)
        let (kind, position) = origin.pointee.patchOrigin
        if !origin.pointee.holdsNothing {
            if recordsChanges { lookedUp = origin.move().lookedUp } else { origin.deinitialize(count: 1) }
        }
        pointer.initialize(to: nil)
        return (value, writer, kind, position)
    }

    /// The number whose `+` and bytes field `slot`'s proposal is, when known (a phone written back:
    /// ``candidateNumbers``, valid for the proposal of the writer of rank ``holderRanks``[`slot`] in this lead, as
    /// ``candidatePhoneCall(_:slot:)`` reads it).
    @inline(__always)
    func writtenProposal(_ slot: Int) -> TextSlice? {
        let known = candidateNumbers.address(slot)
        guard known.pointee.generation == generation, known.pointee.rank == holderRanks[slot] else { return nil }
        return known.pointee.number
    }

    /// Orders `touched` by where each slot sorts in the patch (``slotOrder``).
    ///
    /// Through pointers: by an array's subscript, every move paid its uniqueness and bounds checks (~34 instructions a
    /// lead). Every touched slot is a field slot (``propose`` takes them from the program), inside ``slotOrder``.
    mutating func sortTouchedInPatchOrder() {
        guard touchedCount > 1 else { return }
        let touched = self.touched
        slotOrder.withUnsafeBufferPointer { slotOrder in
            for i in 1..<touched.count {
                let slot = touched[i], order = slotOrder[slot]
                var j = i
                while j > 0, slotOrder[touched[j - 1]] > order {
                    touched[j] = touched[j - 1]
                    j -= 1
                }
                touched[j] = slot
            }
        }
    }

    /// ``PatchValidator/validateQuickly(taking:for:now:)`` of `value` for `slot`, a phone field (not a custom value),
    /// and, when `value` is a text sent as it is (an E.164 phone) and the lead holds the text `held`, in `same` whether
    /// that holds it when the bytes decide it (what ``sameText(_:wanted:kind:)`` answers then), both from one look at
    /// the text's storage (``LeadFields/phoneReading(_:held:)``: two looks, each copying a small text out, cost ~100
    /// instructions a phone). Any other value, or a text that is no phone, is validated as ever.
    ///
    /// When the text is known to be `+` and the bytes of a number the lead's text memory holds (`written`: a phone
    /// written back, ``writtenProposal(_:)``), the same answers are read from those bytes
    /// (``LeadFields/writtenPhoneReading(digits:held:)``) without looking at the text's storage (~215 instructions).
    func phoneValidated(taking value: consuming Value, held: TextSlice?, written: TextSlice?, for slot: PatchSlot,
                        same: inout Bool?) -> Result<JSONValue, PatchValidator.Rejection> {
        switch consume value {
        case let .string(text):
            if let written {
                assert(text.utf8.elementsEqual([UInt8(ascii: "+")] + Array(texts.bytes(written))),
                       "a written phone's proposal is + and its number")
                let reading = LeadFields.writtenPhoneReading(digits: texts.bytes(written), held: held.map { texts.bytes($0) })
                if reading.isPhone {
                    same = reading.same
                    return .success(.string(text))
                }
            } else if let reading = LeadFields.phoneReading(text, held: held.map { texts.bytes($0) }), reading.isPhone {
                same = reading.same
                return .success(.string(text))
            }
            return PatchValidator.validate(taking: .string(text), for: slot, now: now)
        case let other:
            return PatchValidator.validate(taking: other, for: slot, now: now)
        }
    }

    /// Whether the lead's text `slice` (a field's value) holds `wanted`: ``LeadFields/sameValue(held:wanted:kind:)``
    /// of it as a `String`, decided from its bytes when they can (``LeadFields/sameText(held:wanted:kind:)``), else
    /// of the `String` made.
    mutating func sameText(_ slice: TextSlice, wanted: JSONValue, kind: LeadField.Kind?) -> Bool {
        if case let .string(text) = wanted, let same = LeadFields.sameText(held: texts.bytes(slice), wanted: text, kind: kind) {
            return same
        }
        return LeadFields.sameValue(held: .string(texts.string(slice)), wanted: wanted, kind: kind)
    }

    /// The value of a field as it is written in the lead at `lead` (read there, not copied), `nil` when absent.
    static func leadJSON(_ field: SlotField, of lead: UnsafePointer<Lead>) -> JSONValue? {
        if let key = field.customValueKey { return lead.pointee[LeadFields.customValues]?[key] }
        return lead.pointee[field.key]
    }
}

/// A field slot as the patch reads it: its field unretained (the program holds it), and its kind and whether it is a
/// custom value as plain values. Read from the program's `SlotField` (a class), each read was a retain and a release.
struct PatchSlot {
    let field: Unmanaged<SlotField>
    /// The kind of its Liner field, `nil` for a custom value or a name Liner does not have.
    let kind: LeadField.Kind?
    let isCustomValue: Bool

    init(_ field: SlotField) {
        self.field = Unmanaged.passUnretained(field)
        kind = field.field?.kind
        isCustomValue = field.customValueId != nil
    }

    /// The field's key (`utcOffset`, `customValues[12]`).
    var key: String { field._withUnsafeGuaranteedRef { $0.key } }
}

extension HeldValue {
    /// The integer when the value is one (a text is none).
    var integer: Int? {
        @inline(__always) get {
            if case let .value(.int(value)) = self { return value }
            return nil
        }
    }
}

extension Value {
    /// The zone when the value is one (read in place: binding it from the value copied the whole value).
    var zone: TimeZone? {
        @inline(__always) get {
            if case let .zone(zone) = self { return zone }
            return nil
        }
    }
}

extension EvaluationCore.Origin {
    /// The origin as a ``FieldChange`` indexes it: an action, or a row (of a table or a decision table), and which.
    var patchOrigin: (FieldChange.Origin, Int) {
        @inline(__always) get {
            switch self {
            case let .action(i): return (.action, i)
            case let .row(row, _): return (.row, row)
            case let .unrecordedRow(row): return (.row, row)
            case let .decision(row, _): return (.row, row)
            }
        }
    }

    /// Whether destroying the origin does nothing (an action's, or a row's whose key was not kept).
    var holdsNothing: Bool {
        @inline(__always) get {
            switch self {
            case .action, .unrecordedRow: return true
            case .row, .decision: return false
            }
        }
    }

    /// What a row looked up (empty for an action and a row whose key was not kept).
    var lookedUp: String {
        switch self {
        case .action, .unrecordedRow: return ""
        case let .row(_, key): return key
        case let .decision(_, record): return record.lookedUp
        }
    }
}

/// Turns rule values into the values of an update body, by the kind of each field (`LeadFields`).
enum PatchValidator {
    struct Problem: Error {
        var message: String
    }

    /// What `clear` sends (`LeadField.clearValue`): `""` for text and custom values, `null` for numbers.
    static func clearValue(for key: String) -> JSONValue {
        LeadFields.named(key)?.clearValue ?? .string("")
    }

    static func validate(_ value: Value, for key: String, now: Date) -> Result<JSONValue, Problem> {
        validate(value, for: SlotField(key: key), now: now)
    }

    /// ``validate(_:for:now:)`` for a field key already looked up.
    static func validate(_ value: Value, for slotField: SlotField, now: Date) -> Result<JSONValue, Problem> {
        validate(value, for: PatchSlot(slotField), now: now)
    }

    /// ``validate(_:for:now:)`` for a field slot as the patch reads it (its key made only for a problem's message).
    static func validate(_ value: Value, for slot: PatchSlot, now: Date) -> Result<JSONValue, Problem> {
        validate(taking: value, for: slot, now: now).mapError(\.problem)
    }

    /// A value the patch does not send, and why: the value given back (``validate(taking:for:now:)`` took it), for the
    /// error's message.
    struct Rejection: Error {
        let problem: Problem
        let value: Value

        init(_ message: String, _ value: consuming Value) {
            problem = Problem(message: message)
            self.value = value
        }

        init(_ problem: Problem, _ value: consuming Value) {
            self.problem = problem
            self.value = value
        }
    }

    /// ``validate(_:for:now:)``, taking the value: a text is moved into the patch's value, not copied (a copy was a
    /// retain, and the value's destruction after a release and its outlined destroy). A value refused is given back
    /// with the problem.
    static func validate(taking value: consuming Value, for slot: PatchSlot, now: Date) -> Result<JSONValue, Rejection> {
        // NaN and infinity (a lead built in code may hold them): JSON has no such number, and written as `null`
        // it would clear the field.
        if case let .double(number) = value, !number.isFinite {
            return .failure(Rejection("\(slot.key) must be a finite number, not \(number)", value))
        }
        if slot.isCustomValue {
            switch consume value {
            case let .string(s):
                return hasControlCharacters(s) ? .failure(Rejection("it contains control characters", .string(s))) : .success(.string(s))
            case let .int(i): return .success(.int(i))
            case let .double(d): return .success(.double(d))
            case let .bool(b): return .success(.bool(b))
            case let other: return .failure(Rejection("a custom value must be " + LeadFields.customValueExpectation, other))
            }
        }
        switch slot.kind {
        case .utcOffset?:
            let hours: Int?
            if case let .zone(zone) = value { hours = EvaluationCore.hours(of: zone, at: now) } else { hours = integer(value) }
            return offset(hours, for: slot, rejecting: value)
        case .integer?, .id?:
            guard let number = integer(value) else { return .failure(Rejection(integerProblem(value, "\(slot.key) must be an integer"), value)) }
            return .success(.int(number))
        case .statusId?:
            guard let id = integer(value), id > 0 else {
                return .failure(Rejection(integerProblem(value, "\(slot.key) must be a positive integer"), value))
            }
            return .success(.int(id))
        case .positiveIntegerString?:
            guard let id = integer(value), id > 0 else {
                return .failure(Rejection(integerProblem(value, "\(slot.key) must be a positive integer"), value))
            }
            return .success(.string(String(id)))
        case .phone?:
            // A text (what a rule writes to a phone) moved out of the value: `value.text` was a call and a copy.
            switch consume value {
            case let .string(text):
                guard LeadFields.isE164Phone(text) else { return .failure(Rejection(phoneProblem, .string(text))) }
                return .success(.string(text))
            case let other:
                guard let text = other.text else { return .failure(Rejection("a phone must be text", other)) }
                guard LeadFields.isE164Phone(text) else { return .failure(Rejection(phoneProblem, other)) }
                return .success(.string(text))
            }
        case .text?, .boolean?, .customValues?, nil:
            switch consume value {
            case let .string(text):
                return hasControlCharacters(text) ? .failure(Rejection("it contains control characters", .string(text))) : .success(.string(text))
            case let other:
                if let text = other.text, other.number != nil { return .success(.string(text)) }
                return .failure(Rejection("\(slot.key) must be text", other))
            }
        }
    }

    /// ``validate(taking:for:now:)``, its most common cases answered here, inlined: an integer for a field that takes
    /// it as it is (a custom value, an integer or id field, a status id above 0), the text of a phone field that is an
    /// E.164 phone (what ``validate(taking:for:now:)`` sends of them); any other value or field by
    /// ``validate(taking:for:now:)`` (whose frame, ~50 instructions a call, was most of the cost of these).
    @inline(__always)
    static func validateQuickly(taking value: consuming Value, for slot: PatchSlot, now: Date) -> Result<JSONValue, Rejection> {
        switch consume value {
        case let .int(i) where slot.isCustomValue || slot.kind == .integer || slot.kind == .id || (slot.kind == .statusId && i > 0):
            return .success(.int(i))
        case let .string(text) where !slot.isCustomValue && slot.kind == .phone && LeadFields.isE164Phone(text):
            return .success(.string(text))
        case let other:
            return validate(taking: other, for: slot, now: now)
        }
    }

    /// Why a phone is refused.
    static let phoneProblem = "a phone must be E.164 digits (10 to 15, '+' optional)"

    /// Whether `value`, the value ``validate(taking:for:now:)`` made for `slot`, surely does not empty its field
    /// (``JSON/JSONValue/emptiesField`` is `false`): ``surelyKeepsField(_:)``, or a phone of a field of phones (10 to 15
    /// ASCII digits, a `+` before them or not: ``LeadFields/isE164Phone(_:)``, which the validation asked; its first
    /// byte is visible ASCII, so ``surelyKeepsField(_:)`` answers the same, reading it).
    @inline(__always)
    static func surelyKeepsField(_ value: JSONValue, validatedFor slot: PatchSlot) -> Bool {
        (slot.kind == .phone && !slot.isCustomValue) || surelyKeepsField(value)
    }

    /// Whether `value`, sent for a field, surely does not empty it (``JSON/JSONValue/emptiesField`` is `false`), decided
    /// here for the values a patch mostly sends: an integer or a boolean; a text whose first byte is a visible ASCII
    /// character (which ``JSON/JSONValue/isBlank(_:)`` also answers from that byte alone). `false` when it cannot tell
    /// (then `emptiesField` decides: a call into another module, ~31 instructions).
    @inline(__always)
    static func surelyKeepsField(_ value: JSONValue) -> Bool {
        switch value {
        case .int, .bool: return true
        case let .string(text):
            guard let first = text.utf8.first else { return false }
            return first > 0x20 && first < 0x7F
        default: return false
        }
    }

    /// A `utcOffset` of `hours` (`nil`: the value was no number of hours), when in ``LeadFields/utcOffsetRange``; else
    /// `value` (what gave the hours) rejected.
    static func offset(_ hours: Int?, for slot: PatchSlot, rejecting value: consuming Value) -> Result<JSONValue, Rejection> {
        let range = LeadFields.utcOffsetRange
        guard let hours, range.contains(hours) else {
            return .failure(Rejection("\(slot.key) must be whole hours in \(range.lowerBound)...\(range.upperBound)", value))
        }
        return .success(.int(hours))
    }

    static func integer(_ value: Value) -> Int? {
        if case let .integer(i) = IntegerReading(value) { return i }
        return nil
    }

    /// Why `value` is not sent to an integer field: `requirement`, and the 64-bit range when the
    /// value is an integer beyond it.
    static func integerProblem(_ value: Value, _ requirement: String) -> Problem {
        guard case let .outOfRange(text) = IntegerReading(value) else { return Problem(message: requirement) }
        return Problem(message: requirement + ": " + IntegerReading.outOfRangeMessage(text))
    }

    /// Control characters other than line breaks and tabs (which comments legitimately hold).
    /// The control characters (general category Cc) are U+0000...U+001F and U+007F...U+009F: read from the UTF-8
    /// bytes, the first range and U+007F are single bytes, U+0080...U+009F are `C2 80`...`C2 9F`.
    static func hasControlCharacters(_ text: String) -> Bool {
        var afterC2 = false
        for byte in text.utf8 {
            if afterC2, byte < 0xA0 { return true }
            afterC2 = byte == 0xC2
            if byte < 0x20 {
                if byte != 0x0A, byte != 0x09, byte != 0x0D { return true }
            } else if byte == 0x7F {
                return true
            }
        }
        return false
    }
}
