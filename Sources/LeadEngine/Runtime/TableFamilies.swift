import RulesLanguage

/// Consecutive table writers that look up one key under one condition for one field: at
/// ``EvaluationDetail/patchOnly`` detail they are run as one (``EvaluationCore/runTableFamily(_:writers:into:)``): the
/// condition looked at once, the key computed once, the tables walked from the highest rank down, stopping at the
/// first whose row takes the field; the rest are left unrun (their proposals would lose).
///
/// A pack's zone tables are such a family (five tables of `phone_first(phone)` under `utcOffset is empty`, each
/// writing `utcOffset`): run one by one, each paid its run's frame, its condition, its key memo's look and its walk,
/// and every table below the registry's answer was walked before it.
///
/// The members are consecutive in evaluation order (no other writer runs between two of them, so none changes what
/// they read), and each:
/// - is a table without regex rows (its walk cannot fail), whose key cannot fail (no regex test, no built-in that can:
///   ``OutrankedWriters/setsRead(from:in:regexes:)`` finds nothing to read), of the memo the others share
///   (``TableKeySharing``), read by every member after the first (no member writes a field the key reads);
/// - writes the same field in the same mode, with the same write mask (every field reads the same for each of them);
/// - has a condition whose every part is a presence test of a field or a status test (``WriterPlan/Precheck``),
///   the same parts in the same order: they read the lead and the fields' proposals, which no member changes but in
///   the field they write, which each reads as the lead's (it is in their write mask). So the condition holds for all
///   of them or for none.
///
/// What the patch gets is then the same: the field goes to the best proposal, and proposals are never taken back,
/// so the order in which the members propose does not matter; a member whose proposal would lose to the field's holder
/// is outranked (``OutrankedWriters``); a member whose row proposes nothing (an empty value, a `fill` of a field the
/// lead has) leaves the field to the next one down, as it would in order. ``Evaluation/fired`` names at most one member
/// (the writers left unrun are not named at patch-only detail).
enum TableFamilies {
    /// The families of `program`'s writers (their plans `writers`, the condition parts' prechecks `partPrechecks`,
    /// the table plans `tables` with their key memos, the writers' ranks `ranks`, the regex tests' plans `regexes`),
    /// and their members, one family after another.
    static func families(_ program: Program, writers: [WriterPlan], partPrechecks: [WriterPlan.Precheck], tables: [TablePlan],
                         ranks: [Int], regexes: [RegexPlan]) -> ([TableFamily], [TableFamily.Member]) {
        let fieldCount = program.fieldKeys.count
        // Whether writer `w` may be a member.
        func eligible(_ w: Int) -> Bool {
            let writer = writers[w]
            guard writer.kind == .table, writer.prechecks == writer.conditions.count,
                  writer.conditions.allSatisfy({ part in
                      switch partPrechecks[part] {
                      case .field, .status: return true
                      case .none, .mask, .present: return false
                      }
                  }) else { return false }
            let table = tables[writer.table]
            guard table.keyMemo >= 0, !table.matcher.takeUnretainedValue().needsText,
                  let sets = OutrankedWriters.setsRead(from: [table.keyExpression], in: program.code, regexes: regexes),
                  sets.isEmpty else { return false }
            return true
        }
        // Whether writer `w` joins the family that `first` starts.
        func joins(_ first: Int, _ w: Int) -> Bool {
            let a = tables[writers[first].table], b = tables[writers[w].table]
            return b.slot == a.slot && b.mode == a.mode && b.keyMemo == a.keyMemo && b.reusesKey
                && writers[w].conditions.map { partPrechecks[$0] } == writers[first].conditions.map { partPrechecks[$0] }
                && program.writeMasks[w * fieldCount..<(w + 1) * fieldCount] == program.writeMasks[first * fieldCount..<(first + 1) * fieldCount]
        }
        var families: [TableFamily] = [], members: [TableFamily.Member] = []
        var first = 0
        while first < writers.count {
            guard eligible(first) else {
                first += 1
                continue
            }
            var end = first + 1
            while end < writers.count, eligible(end), joins(first, end) { end += 1 }
            if end - first >= 2 {
                let start = members.count
                let ranked = (first..<end).sorted { ranks[$0] > ranks[$1] }
                members += ranked.map { TableFamily.Member(writer: $0, table: writers[$0].table, rank: ranks[$0]) }
                families.append(TableFamily(members: first..<end, ranked: start..<members.count,
                                            slot: tables[writers[first].table].slot, bestRank: ranks[ranked[0]]))
            }
            first = end
        }
        return (families, members)
    }
}

/// A family of tables (``TableFamilies``).
struct TableFamily {
    /// One member: its writer, its table (``EvaluationPlan/tables``) and its rank (``OutrankedWriters/WriterFacts/rank``).
    struct Member {
        let writer: Int
        let table: Int
        let rank: Int
    }

    /// The members' writers, consecutive in evaluation order.
    let members: Range<Int>
    /// The members, highest rank first: a range of ``EvaluationPlan/familyMembers``.
    let ranked: Range<Int>
    /// The field slot they write.
    let slot: Int
    /// The highest rank among them.
    let bestRank: Int
}

extension EvaluationCore {
    /// Runs table family `index` (``EvaluationPlan/tableFamilies``) of an untraced evaluation at patch-only detail:
    /// the condition of its first member (every member's), the key, the members' tables from the highest rank down
    /// until one takes the field (``TableFamilies``). Returns the writer to go on at (after the members), or -1 when
    /// the members are to be run one by one instead (people's edits to keep; a key too long for its memo's room; a
    /// failure computing the key, which each member then reports as it would).
    @inline(never)
    mutating func runTableFamily(_ index: Int, writers: UnsafePointer<WriterPlan>, into buffer: inout EvaluationBuffer) -> Int {
        let family = plan.tableFamilies[index]
        guard edited.isEmpty else { return -1 }
        let first = family.members.lowerBound
        // The condition: every part is looked at here (a presence or status test), and holds for every member or none.
        if knownParts(first, writers + first) < 0 { return family.members.upperBound }
        let slot = family.slot
        // The field's holder beats every member's proposal.
        if holderRanks[slot] > family.bestRank { return family.members.upperBound }
        begin(captureSlots: 0, index: first)
        let key = plan.tables[writers[first].table]
        do throws(Failure) {
            try tableKey(key)
        } catch {
            return -1
        }
        let memo = key.keyMemo
        let length = tableKeyLengths[memo]
        // No text, or an empty one: no member finds a row.
        if length == Self.noKeyText || length == 0 { return family.members.upperBound }
        if length < 0 { return -1 }
        let bytes = UnsafeBufferPointer(start: tableKeyBytes.address(memo &* Self.tableKeyRoom), count: length)
        var m = family.ranked.lowerBound
        while m < family.ranked.upperBound {
            let member = plan.familyMembers[m]
            // Every member after this one is outranked too.
            if holderRanks[slot] > member.rank { break }
            let table = plan.tables[member.table]
            if let row = table.matcher._withUnsafeGuaranteedRef({ $0.walk(bytes) }) {
                let value = table.table._withUnsafeGuaranteedRef { $0.values[row] }
                // What was looked up is provenance, which patch-only detail does not make.
                if propose(slot, consume value, mode: table.mode, writer: writers[member.writer], index: member.writer,
                           origin: .unrecordedRow(row), record: &traceRecord[0], tracing: false) {
                    buffer.appendFired(member.writer)
                }
            }
            m &+= 1
        }
        return family.members.upperBound
    }
}
