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
            // Without provenance matches nothing reads the candidates any more: move each out rather than copy it
            // (a copy retains its value, location and row). ``matchesOf(_:)`` re-runs conditions that read them.
            guard let candidate = withMatches ? candidates[slot] : candidates[slot].take() else { continue }
            let writer = candidate.writer
            let key = program.fieldKeys[slot]
            let slotField = program.slotFields[slot]
            let old = Self.nullAsNil(leadStamps[slot] == generation ? leadJSON[slot] : Self.leadJSON(slotField, of: lead))
            let new: JSONValue
            let isClear: Bool
            if case .clear = candidate.value {
                guard !leadValue(slot).isEmpty else { continue }
                new = PatchValidator.clearValue(for: key)
                isClear = true
            } else {
                let validated: Result<JSONValue, PatchValidator.Problem>
                if case let .zone(zone) = candidate.value, case let .row(row, _) = candidate.origin,
                   slotField.customValueId == nil, slotField.field?.kind == .utcOffset {
                    // A table row's zone: its hours remembered by row (what ``PatchValidator/validate(_:for:now:)`` says).
                    validated = PatchValidator.offset(zoneHours.hours(of: zone, writer: writer, row: row, at: now),
                                                      for: key)
                } else {
                    validated = PatchValidator.validate(candidate.value, for: slotField, now: now)
                }
                switch validated {
                case let .success(value): new = value
                case let .failure(problem):
                    let (kind, position, _) = Self.changeOrigin(of: candidate.origin)
                    buffer.errors.append(LeadError(leadId: lead.id, rule: program.writers[writer].name,
                                                   location: program.provenance.location(writer: writer, origin: kind,
                                                                                         position: position),
                                                   field: key,
                                                   message: "\(key) = \(describe(candidate.value)) is not sent: \(problem.message)"))
                    continue
                }
                // Never reached (propose keeps empty values out, and validation does not empty a
                // value): the guard makes `clear` the only way to an empty value by construction.
                if new.emptiesField { continue }
                if LeadFields.sameValue(held: old, wanted: new, kind: slotField.field?.kind) { continue }
                isClear = false
            }
            let (kind, position, lookedUp) = Self.changeOrigin(of: candidate.origin)
            buffer.changes.append(FieldChange(table: program.provenance, slot: slot, writer: writer, origin: kind,
                                              position: position, lookedUp: lookedUp, old: old, new: new, isClear: isClear,
                                              matches: withMatches ? matchesOf(writer) : []))
            if isClear { buffer.patch.clears.insert(key) }
            if let customKey = slotField.customValueKey {
                buffer.customValues.append((customKey, new))
            } else {
                buffer.patch.fields.append((key, new))
            }
        }
        if !buffer.customValues.isEmpty { buffer.patch.fields.append(("customValues", .object(buffer.customValues))) }
    }

    /// What in its writer a candidate comes from, as a ``FieldChange`` indexes it: the action or row, and for a row
    /// what was looked up.
    static func changeOrigin(of origin: Origin) -> (FieldChange.Origin, Int, String) {
        switch origin {
        case let .action(i): return (.action, i, "")
        case let .row(row, key): return (.row, row, key)
        case let .decision(row, record): return (.row, row, record.lookedUp)
        }
    }

    /// Orders `touched` by where each slot sorts in the patch (``slotOrder``).
    mutating func sortTouchedInPatchOrder() {
        guard touched.count > 1 else { return }
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

    /// The lead's value of a field as it is written in the lead, `nil` when absent.
    static func leadJSON(_ field: SlotField, of lead: Lead) -> JSONValue? {
        if let key = field.customValueKey { return lead[LeadFields.customValues]?[key] }
        return lead[field.key]
    }

    /// `value`, `nil` when it is `null`.
    static func nullAsNil(_ value: JSONValue?) -> JSONValue? {
        // A match, not `==`: equality of JSON values is a call through the general comparison.
        if case .null? = value { return nil }
        return value
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
        let key = slotField.key
        if slotField.customValueId != nil {
            switch value {
            case let .string(s):
                return hasControlCharacters(s) ? .failure(Problem(message: "it contains control characters")) : .success(.string(s))
            case let .int(i): return .success(.int(i))
            case let .double(d): return .success(.double(d))
            case let .bool(b): return .success(.bool(b))
            default: return .failure(Problem(message: "a custom value must be a string or a number"))
            }
        }
        switch slotField.field?.kind {
        case .utcOffset?:
            let hours: Int?
            if case let .zone(zone) = value { hours = EvaluationCore.hours(of: zone, at: now) } else { hours = integer(value) }
            return offset(hours, for: key)
        case .integer?, .id?:
            guard let number = integer(value) else { return .failure(integerProblem(value, "\(key) must be an integer")) }
            return .success(.int(number))
        case .statusId?:
            guard let id = integer(value), id > 0 else { return .failure(integerProblem(value, "\(key) must be a positive integer")) }
            return .success(.int(id))
        case .positiveIntegerString?:
            guard let id = integer(value), id > 0 else { return .failure(integerProblem(value, "\(key) must be a positive integer")) }
            return .success(.string(String(id)))
        case .phone?:
            guard let text = value.text else { return .failure(Problem(message: "a phone must be text")) }
            guard LeadFields.isE164Phone(text) else {
                return .failure(Problem(message: "a phone must be E.164 digits (10 to 15, '+' optional)"))
            }
            return .success(.string(text))
        case .text?, .boolean?, .customValues?, nil:
            guard case let .string(text) = value else {
                if let text = value.text, value.number != nil { return .success(.string(text)) }
                return .failure(Problem(message: "\(key) must be text"))
            }
            return hasControlCharacters(text) ? .failure(Problem(message: "it contains control characters")) : .success(.string(text))
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
