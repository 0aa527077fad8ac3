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
            // value was copied (an outlined copy and destroy, and a retain and release of a text).
            if leadStamps[slot] != generation { storeLeadValue(slot) }
            let held = leadValues.address(slot).move()
            let oldSlice = held.slice
            let old = oldSlice == nil ? held.oldJSON : nil
            let heldIsEmpty = held.isEmpty
            leadValues.address(slot).initialize(to: consume held)
            // Without provenance matches nothing reads the candidates any more: move each out rather than copy it
            // (a copy retains its value, location and row). ``matchesOf(_:)`` re-runs conditions that read them.
            let candidate: PatchCandidate
            if withMatches {
                guard let stored = candidates[slot] else { continue }
                candidate = PatchCandidate(value: stored.value, writer: stored.writer, origin: stored.origin)
            } else {
                guard let taken = takeCandidate(slot) else { continue }
                candidate = taken
            }
            let writer = candidate.writer, kind = candidate.kind, position = candidate.position
            let key = program.fieldKeys[slot]
            let slotField = patchSlots[slot]
            let new: JSONValue
            let isClear: Bool
            if case .clear = candidate.value {
                guard !heldIsEmpty else { continue }
                new = PatchValidator.clearValue(for: key)
                isClear = true
            } else {
                let validated: Result<JSONValue, PatchValidator.Problem>
                if case let .zone(zone) = candidate.value, candidate.kind == .row, !slotField.isCustomValue,
                   slotField.kind == .utcOffset {
                    // A table row's zone: its hours remembered by row (what ``PatchValidator/validate(_:for:now:)`` says).
                    validated = PatchValidator.offset(rowZoneHours(zone, writer: writer, row: candidate.position), for: key)
                } else {
                    validated = PatchValidator.validate(candidate.value, for: slotField, now: now)
                }
                switch consume validated {
                case let .success(value): new = value
                case let .failure(problem):
                    buffer.errors.append(LeadError(leadId: buffer.leadId, rule: program.writers[writer].name,
                                                   location: program.provenance.location(writer: writer, origin: candidate.kind,
                                                                                         position: candidate.position),
                                                   field: key,
                                                   message: "\(key) = \(describe(candidate.value)) is not sent: \(problem.message)"))
                    continue
                }
                // Never reached (propose keeps empty values out, and validation does not empty a
                // value): the guard makes `clear` the only way to an empty value by construction.
                if !PatchValidator.surelyKeepsField(new), new.emptiesField { continue }
                if let oldSlice {
                    if sameText(oldSlice, wanted: new, kind: slotField.kind) { continue }
                } else if LeadFields.sameValue(held: old, wanted: new, kind: slotField.kind) {
                    continue
                }
                isClear = false
            }
            buffer.written.append(slot: slot, writer: writer)
            // Provenance only when asked: without it (patch-only detail) no change is made, its old text is not kept.
            if recordsChanges {
                let oldText = oldSlice.map { oldTexts.append(texts.bytes($0)) }
                // The old and new values moved into the change and the patch (`consume`): their copies were a retain
                // and a release each, and an outlined copy and destroy.
                // The candidate let go of here, its looked-up text moved into the change (a copy was a retain and a
                // release).
                buffer.changes.append(FieldChange(storage: oldTexts, slot: slot, writer: writer, origin: kind,
                                                  position: position, lookedUp: (consume candidate).lookedUp, old: consume old,
                                                  oldText: oldText, new: new, isClear: isClear,
                                                  matches: withMatches ? matchesOf(writer) : nil))
            }
            if isClear { buffer.patch.clears.insert(key) }
            if slotField.isCustomValue, let customKey = slotField.field._withUnsafeGuaranteedRef({ $0.customValueKey }) {
                buffer.customValues.append((customKey, consume new))
            } else {
                buffer.patch.fields.append((consume key, consume new))
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

    /// The candidate of `slot` moved out of ``candidates`` (which no longer holds one there), as its value, writer
    /// and origin; `nil` when the slot has none.
    ///
    /// Moved member by member through a pointer: taking the whole `Candidate?` out (`take()`) copied it twice on the
    /// stack, and destroying it went through its type's value witnesses (~130 instructions: the compiler's choice
    /// for a type of two multi-payload enums); the value and the origin are destroyed by their own outlined code.
    /// Every other member of a candidate is trivial, so once the two are moved out the slot holds nothing to
    /// destroy and is initialized to `nil`.
    mutating func takeCandidate(_ slot: Int) -> PatchCandidate? {
        candidates.withUnsafeMutableBufferPointer { buffer in
            precondition(slot >= 0 && slot < buffer.count, "field slot \(slot) out of \(buffer.count)")
            let pointer = buffer.baseAddress.unsafelyUnwrapped + slot
            guard let writer = pointer.pointee?.writer else { return nil }
            let raw = UnsafeMutableRawPointer(pointer)
            let value = (raw + candidateValueOffset).assumingMemoryBound(to: Value.self).move()
            let origin = (raw + candidateOriginOffset).assumingMemoryBound(to: Origin.self).move()
            pointer.initialize(to: nil)
            return PatchCandidate(value: value, writer: writer, origin: origin)
        }
    }


    /// Orders `touched` by where each slot sorts in the patch (``slotOrder``).
    ///
    /// Through pointers: by subscript, every move paid the array's uniqueness and bounds checks (~34 instructions a
    /// lead). Every touched slot is a field slot (``propose`` takes them from the program), inside ``slotOrder``.
    mutating func sortTouchedInPatchOrder() {
        guard touched.count > 1 else { return }
        slotOrder.withUnsafeBufferPointer { slotOrder in
            touched.withUnsafeMutableBufferPointer { touched in
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

/// A winning proposal as the patch reads it: its value, its writer, and what in the writer proposed it as a
/// ``FieldChange`` indexes it (the action or row, and for a row what was looked up). No multi-payload enum but the
/// value: destroying a `Candidate` or a tuple of its value and origin went through the value witnesses (~130
/// instructions), this is destroyed by the value's outlined code and one string release.
struct PatchCandidate {
    let value: Value
    let writer: Int
    let kind: FieldChange.Origin
    let position: Int
    let lookedUp: String

    init(value: Value, writer: Int, origin: consuming EvaluationCore.Origin) {
        self.value = value
        self.writer = writer
        switch consume origin {
        case let .action(i): (kind, position, lookedUp) = (.action, i, "")
        case let .row(row, key): (kind, position, lookedUp) = (.row, row, key)
        case let .decision(row, record): (kind, position, lookedUp) = (.row, row, record.lookedUp)
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
        // NaN and infinity (a lead built in code may hold them): JSON has no such number, and written as `null`
        // it would clear the field.
        if case let .double(number) = value, !number.isFinite {
            return .failure(Problem(message: "\(slot.key) must be a finite number, not \(number)"))
        }
        if slot.isCustomValue {
            switch value {
            case let .string(s):
                return hasControlCharacters(s) ? .failure(Problem(message: "it contains control characters")) : .success(.string(s))
            case let .int(i): return .success(.int(i))
            case let .double(d): return .success(.double(d))
            case let .bool(b): return .success(.bool(b))
            default: return .failure(Problem(message: "a custom value must be " + LeadFields.customValueExpectation))
            }
        }
        switch slot.kind {
        case .utcOffset?:
            let hours: Int?
            if case let .zone(zone) = value { hours = EvaluationCore.hours(of: zone, at: now) } else { hours = integer(value) }
            return offset(hours, for: slot.key)
        case .integer?, .id?:
            guard let number = integer(value) else { return .failure(integerProblem(value, "\(slot.key) must be an integer")) }
            return .success(.int(number))
        case .statusId?:
            guard let id = integer(value), id > 0 else { return .failure(integerProblem(value, "\(slot.key) must be a positive integer")) }
            return .success(.int(id))
        case .positiveIntegerString?:
            guard let id = integer(value), id > 0 else { return .failure(integerProblem(value, "\(slot.key) must be a positive integer")) }
            return .success(.string(String(id)))
        case .phone?:
            // A text (what a rule writes to a phone) read in place: `value.text` was a call and a copy.
            let text: String
            if case let .string(string) = value {
                text = string
            } else if let other = value.text {
                text = other
            } else {
                return .failure(Problem(message: "a phone must be text"))
            }
            guard LeadFields.isE164Phone(text) else {
                return .failure(Problem(message: "a phone must be E.164 digits (10 to 15, '+' optional)"))
            }
            return .success(.string(text))
        case .text?, .boolean?, .customValues?, nil:
            guard case let .string(text) = value else {
                if let text = value.text, value.number != nil { return .success(.string(text)) }
                return .failure(Problem(message: "\(slot.key) must be text"))
            }
            return hasControlCharacters(text) ? .failure(Problem(message: "it contains control characters")) : .success(.string(text))
        }
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

    /// A `utcOffset` of `hours` (`nil`: the value was no number of hours), when in ``LeadFields/utcOffsetRange``.
    static func offset(_ hours: Int?, for key: String) -> Result<JSONValue, Problem> {
        let range = LeadFields.utcOffsetRange
        guard let hours, range.contains(hours) else {
            return .failure(Problem(message: "\(key) must be whole hours in \(range.lowerBound)...\(range.upperBound)"))
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
