import RulesLanguage

/// A condition part whose root is `and`, `or` or `not` compiled, when the plan is made, to its leaves with jumps: each
/// leaf's truth (``EvaluationCore/truth(_:)``, or the answer of a mask, ``MaskPlan``) names the next leaf or the part's
/// truth. The leaves run in the order the walk of ``EvaluationCore/truth(_:)`` runs them, each as that walk runs it, and
/// the walk stops where the steps stop (`a and b`: `b` only when `a` holds; `a or b`: `b` only when `a` does not; `not a`:
/// the jumps of `a` swapped), so the truth, the failures and what the leaves read and record are the same; the
/// connectives' frames (~35 instructions each, several per part) are a loop's step instead.
///
/// A leaf or a whole `and`/`or`/`not` under the root that is decided by one regex set's answer for a lead-wide subject
/// (``EvaluationPlan/mask(_:in:regexes:)``) is looked up as the condition parts decided so are
/// (``EvaluationCore/maskTruth(_:)``): when its set has answered, without walking its tests; else the walk runs it.
struct TruthStep {
    /// The leaf's instruction in ``Program/code``.
    let leaf: Int32
    /// The mask that decides it (``EvaluationPlan/masks``), or -1.
    let mask: Int32
    /// The step after it when it holds, and when it does not: an index in ``EvaluationPlan/truthSteps``, or
    /// ``partFalse`` / ``partTrue`` (the part's truth).
    let onTrue: Int32
    let onFalse: Int32

    static let partFalse: Int32 = -1
    static let partTrue: Int32 = -2

    /// The most leaves a part is compiled with (a larger one is walked).
    static let leafLimit = 64

    /// Compiles the condition part of root `root` to steps appended to `steps` (masks of its subtrees appended to
    /// `masks`), and returns its first step; -1 (nothing appended) when the root is no `and`, `or` or `not`, or the part
    /// has more than ``leafLimit`` leaves.
    static func compile(_ root: Int32, in code: ExpressionCode, regexes: [RegexPlan], masks: inout [MaskPlan],
                        steps: inout [TruthStep]) -> Int32 {
        guard isConnective(root, in: code), leafCount(root, in: code, limit: leafLimit) <= leafLimit else { return -1 }
        func emit(_ index: Int32, onTrue: Int32, onFalse: Int32) -> Int32 {
            let instruction = code.instructions[Int(index)]
            let maskable: Bool
            switch instruction {
            case .and, .or, .not, .regex: maskable = true
            default: maskable = false
            }
            if maskable, let mask = EvaluationPlan.mask(index, in: code, regexes: regexes) {
                masks.append(mask)
                steps.append(TruthStep(leaf: index, mask: Int32(masks.count - 1), onTrue: onTrue, onFalse: onFalse))
                return Int32(steps.count - 1)
            }
            switch instruction {
            case let .and(lhs, rhs):
                let right = emit(rhs, onTrue: onTrue, onFalse: onFalse)
                return emit(lhs, onTrue: right, onFalse: onFalse)
            case let .or(lhs, rhs):
                let right = emit(rhs, onTrue: onTrue, onFalse: onFalse)
                return emit(lhs, onTrue: onTrue, onFalse: right)
            case let .not(operand):
                return emit(operand, onTrue: onFalse, onFalse: onTrue)
            default:
                steps.append(TruthStep(leaf: index, mask: -1, onTrue: onTrue, onFalse: onFalse))
                return Int32(steps.count - 1)
            }
        }
        return emit(root, onTrue: partTrue, onFalse: partFalse)
    }

    /// Whether the instruction at `index` is `and`, `or` or `not`.
    static func isConnective(_ index: Int32, in code: ExpressionCode) -> Bool {
        switch code.instructions[Int(index)] {
        case .and, .or, .not: return true
        default: return false
        }
    }

    /// How many leaves the connectives at `index` join (counted up to a little past `limit`).
    static func leafCount(_ index: Int32, in code: ExpressionCode, limit: Int) -> Int {
        switch code.instructions[Int(index)] {
        case let .and(lhs, rhs), let .or(lhs, rhs):
            let left = leafCount(lhs, in: code, limit: limit)
            return left > limit ? left : left + leafCount(rhs, in: code, limit: limit)
        case let .not(operand):
            return leafCount(operand, in: code, limit: limit)
        default:
            return 1
        }
    }
}

extension EvaluationCore {
    /// The truth of a condition part compiled to steps (``TruthStep``), from step `start`: each leaf's mask answer when
    /// known, else its truth, then the step it names.
    @inline(never)
    mutating func stepsTruth(_ start: Int32) throws(Failure) -> Bool {
        var index = Int(start)
        while true {
            let step = plan.truthSteps.withUnsafeBufferPointer { steps in
                precondition(index < steps.count, "a step of a condition part is in the plan")
                return steps[index]
            }
            let holds: Bool
            if step.mask >= 0, let known = maskTruth(Int(step.mask)) {
                holds = known
            } else {
                holds = try truth(step.leaf)
            }
            let next = holds ? step.onTrue : step.onFalse
            if next < 0 { return next == TruthStep.partTrue }
            index = Int(next)
        }
    }
}
