import RulesLanguage

/// Lead-wide values that are missing whenever a text of the lead is no JSON document: `json(text, "path")` (the
/// path a literal), and `amount()`, `lower()`, `upper()`, `trim()` of such a value (each is missing of a missing value,
/// and cannot fail).
///
/// `json()` of a text that does not start, after white space, with `{` or `[` has no values
/// (``EvaluationCore/jsonValue(at:in:)``'s first answer): for a plain comment, `amount(json(sourceComment, "budget"))`
/// is missing. Computed the general way, that answer came through a dozen frames of the interpreter (the lead-wide
/// value, the call of `amount()`, its argument, the lead-wide `json()` value, the call of `json()`, its document, its
/// path: ~900 instructions); here it is the text read and its first bytes looked at. The text is read first in both
/// ways (the first argument of `json()`, which every call in the chain evaluates first), so a failure is the same.
enum NoDocumentValues {
    /// Per lead-wide value slot (``Program/leadConstantCount``): the instruction of the text whose being no JSON document
    /// makes the value missing (a field or a lead-wide value), or -1.
    static func subjects(in code: ExpressionCode, slots: Int) -> [Int32] {
        var expressions = [Int32](repeating: -1, count: slots)
        for instruction in code.instructions {
            if case let .leadConstant(slot, expression) = instruction, Int(slot) < slots { expressions[Int(slot)] = expression }
        }
        var subjects = [Int32](repeating: -1, count: slots)
        // A slot's value may read another's only if that one was made first (a lower instruction index): nothing
        // circular. Resolved by asking each slot, the inner ones first through `subject(of:)`.
        var resolving = [Bool](repeating: false, count: slots)
        func subject(ofSlot slot: Int) -> Int32 {
            guard expressions[slot] >= 0, !resolving[slot] else { return -1 }
            resolving[slot] = true
            defer { resolving[slot] = false }
            return subject(of: expressions[slot])
        }
        func subject(of expression: Int32) -> Int32 {
            guard case let .call(builtin, start, count) = code.instructions[Int(expression)] else { return -1 }
            let arguments = code.operands[Int(start)..<Int(start + count)]
            switch builtin {
            case .json:
                guard count == 2, case .literal = code.instructions[Int(arguments.last!)] else { return -1 }
                let text = arguments.first!
                switch code.instructions[Int(text)] {
                case .field, .leadConstant: return text
                default: return -1
                }
            case .amount, .lower, .upper, .trim:
                guard count == 1, case let .leadConstant(inner, _) = code.instructions[Int(arguments.first!)],
                      Int(inner) < slots else { return -1 }
                return subject(ofSlot: Int(inner))
            default:
                return -1
            }
        }
        for slot in 0..<slots { subjects[slot] = subject(ofSlot: slot) }
        return subjects
    }
}

extension EvaluationCore {
    /// Whether lead-wide value `slot` of a lead read as text is missing because its text (``EvaluationPlan/noDocumentSubjects``)
    /// is a slice that cannot be a JSON document; `false` when that is not known so (the value is then computed the
    /// general way, which reads the text again: a field or a lead-wide value, kept for the lead).
    @inline(__always)
    mutating func isMissingForNoDocument(_ slot: Int) throws(Failure) -> Bool {
        let subject = plan.noDocumentSubjects[slot]
        guard subject >= 0 else { return false }
        return try textIsNoDocument(subject)
    }

    /// Whether the text at instruction `subject` is a slice that cannot be a JSON document.
    @inline(never)
    mutating func textIsNoDocument(_ subject: Int32) throws(Failure) -> Bool {
        guard case let .text(slice) = try heldOperand(subject) else { return false }
        return !Self.mayBeJSONDocument(utf8: texts.bytes(slice))
    }
}

extension EvaluationCore {
    /// ``isMissingForNoDocument(_:)``, the answer kept as lead-wide value `slot`'s when it is missing (the one place
    /// both readers of a lead-wide value, ``evaluate(_:)`` and ``heldOperand(_:)``, remember it).
    @inline(__always)
    mutating func rememberedMissingForNoDocument(_ slot: Int) throws(Failure) -> Bool {
        guard try isMissingForNoDocument(slot) else { return false }
        leadConstants[slot] = .value(.missing)
        leadConstantStamps[slot] = generation
        return true
    }
}
