/// Which table writers look up the same key, so that a lead's key is computed once for all of them (a pack's zone
/// tables all look up `phone_first(phone)`: computing it again, through the remembered answers of the lead, cost
/// ~560 instructions a table).
///
/// Tables whose key expressions are the same (``shape(_:in:fields:)``) share a memo (``TablePlan/keyMemo``). A table
/// reads the value another one remembered for this lead only when that value is surely its own
/// (``TablePlan/reusesKey``): its key reads only fields, raw fields, literals and built-ins of them (no capture,
/// `let` name, status or regex test, which belong to a writer or change as writers run), and no writer from the
/// group's first table up to this one writes a field the key reads (so every table of the group from the first one
/// on reads the same proposals, and none reads a field past its own write mask). The others compute their key, and
/// leave it for the next table. A table whose key has no shape has a memo of its own (where its key's bytes are kept
/// for the lookup: see ``EvaluationCore/runTable(_:_:record:tracing:)``).
enum TableKeySharing {
    /// Per table (``EvaluationPlan/tables``, same index): its memo and whether it reads the memo.
    struct Share {
        let memo: Int
        let reuses: Bool
    }

    /// The shares of the tables of `program`, whose writers are `tableWriters` (per table, its writer's index).
    static func shares(_ program: Program, keys: [Int32], tableWriters: [Int]) -> [Share] {
        var memos: [String: Int] = [:]
        var firstWriter: [Int] = []
        var memoFields: [[Int]] = []
        var shares: [Share] = []
        let fieldCount = program.fieldKeys.count
        for (table, key) in keys.enumerated() {
            var fields: [Int] = []
            // A key of no shape has a memo of its own, which it never reads before computing it.
            guard let shape = shape(key, in: program.code, fields: &fields) else {
                shares.append(Share(memo: firstWriter.count, reuses: false))
                firstWriter.append(tableWriters[table])
                memoFields.append([])
                continue
            }
            let memo: Int
            if let known = memos[shape] {
                memo = known
            } else {
                memo = firstWriter.count
                memos[shape] = memo
                firstWriter.append(tableWriters[table])
                memoFields.append(fields)
            }
            // No writer from the group's first table to this one (both included) writes a field the key reads.
            let writers = firstWriter[memo]...tableWriters[table]
            let clean = writers.allSatisfy { writer in
                memoFields[memo].allSatisfy { slot in !program.writeMasks[writer * fieldCount + slot] }
            }
            shares.append(Share(memo: memo, reuses: clean && firstWriter[memo] < tableWriters[table]))
        }
        return shares
    }

    /// A text naming what the expression at `index` computes, equal for the same expression wherever it is written;
    /// `nil` when its value may differ between writers for one lead (a capture, a `let` name, the status, a regex
    /// test, a template). The field slots it reads are added to `fields`.
    static func shape(_ index: Int32, in code: ExpressionCode, fields: inout [Int]) -> String? {
        switch code.instructions[Int(index)] {
        case let .literal(literal):
            return "literal \(literal)"
        case let .field(slot):
            fields.append(Int(slot))
            return "field \(slot)"
        case let .raw(name):
            return "raw \(code.names[Int(name)].debugDescription)"
        case let .pattern(pattern):
            return "pattern \(pattern)"
        case let .leadConstant(_, expression):
            return shape(expression, in: code, fields: &fields)
        case let .call(builtin, start, count):
            var parts: [String] = []
            for i in Int(start)..<Int(start + count) {
                guard let part = shape(code.operands[i], in: code, fields: &fields) else { return nil }
                parts.append(part)
            }
            return "\(builtin.rawValue)(\(parts.joined(separator: ", ")))"
        default:
            return nil
        }
    }
}
