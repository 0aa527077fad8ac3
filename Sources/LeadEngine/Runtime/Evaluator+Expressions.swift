import Foundation
import JSON
import PCRE2
import RulesLanguage

extension EvaluationCore {
    /// Whether a condition part holds: the expression at `index` of ``Program/code``. Anything that is not `true`
    /// is false.
    ///
    /// The tests and connectives answer here without making a ``Value`` of their answer.
    mutating func truth(_ index: Int32) throws(Failure) -> Bool {
        switch program.code.instructions[Int(index)] {
        case let .regex(node, subject):
            return try match(node, subject: subject)
        case let .compare(op, lhs, rhs):
            // `length(phone_first(phone)) >= 10`: the length counted from the argument as it is kept (a slice's bytes),
            // compared with the integer without a ``Value`` of either (nor the call's frames).
            if case let .call(.length, start, 1) = program.code.instructions[Int(lhs)],
               case let .literal(literal) = program.code.instructions[Int(rhs)],
               case let .int(bound) = program.code.literals[Int(literal)] {
                guard let length = try textLength(program.code.operands[Int(start)]) else { return false }
                return Self.compare(op, Double(length), Double(bound))
            }
            return Self.compare(op, try operand(lhs), try operand(rhs))
        case let .statusIs(id, _, _):
            return statusIs(Int(id))
        case let .not(operand):
            return !(try truth(operand))
        case let .and(lhs, rhs):
            if try !truth(lhs) { return false }
            return try truth(rhs)
        case let .or(lhs, rhs):
            if try truth(lhs) { return true }
            return try truth(rhs)
        case let .test(subject, test, negated):
            switch program.code.instructions[Int(subject)] {
            case let .field(slot): return fieldPasses(test, Int(slot)) != negated
            // `phone_rest(phone) is empty`: the answer as it is kept (a slice is not made a `String` for the test).
            case let .call(builtin, start, count) where leadText.isText && Self.isRememberedText(builtin):
                return Self.test(test, try heldCall(builtin, start: Int(start), count: Int(count))) != negated
            default: return Self.test(test, try operand(subject)) != negated
            }
        default:
            if case .bool(true) = try evaluate(index) { return true }
            return false
        }
    }

    /// The value of the expression at `index` of ``Program/code``.
    mutating func evaluate(_ index: Int32) throws(Failure) -> Value {
        switch program.code.instructions[Int(index)] {
        case let .literal(literal): return program.code.literals[Int(literal)]
        case let .local(slot, definition, cached):
            guard cached else { return try evaluate(definition) }
            let slot = Int(slot)
            if slot < localStamps.count, localStamps[slot] == localGeneration { return localValues[slot] }
            let value = try evaluate(definition)
            if slot >= localStamps.count {
                localStamps += [UInt32](repeating: 0, count: slot + 1 - localStamps.count)
                localValues += [Value](repeating: .missing, count: slot + 1 - localValues.count)
            }
            localValues[slot] = value
            localStamps[slot] = localGeneration
            return value
        case let .leadConstant(slot, expression):
            let slot = Int(slot)
            if leadConstantStamps[slot] != generation {
                // A lead read as text: computed (and kept) as ``heldOperand(_:)`` keeps it (text as a slice), then given
                // as a ``Value``. Another lead has no slices: computed as a value.
                guard leadText.isText else {
                    // A failure is not remembered: the next writer asking fails the same way, with its own name.
                    let value = try evaluate(expression)
                    leadConstants[slot] = .value(value)
                    leadConstantStamps[slot] = generation
                    return value
                }
                // Its expression evaluated here, not through ``heldOperand(_:)`` of this instruction (which switched over
                // it again and returned a copy, then read back by ``leadConstantValue(_:)``: two frames per value).
                // A value missing for a text that is no JSON document is answered from that text (``NoDocumentValues``).
                if try rememberedMissingForNoDocument(slot) { return .missing }
                let held = try heldOperand(expression)
                leadConstantStamps[slot] = generation
                switch consume held {
                case let .value(value):
                    leadConstants[slot] = .value(value)
                    return value
                case let .text(slice):
                    let value = Value.string(texts.string(slice))
                    leadConstants[slot] = .value(value)
                    return value
                }
            }
            return leadConstantValue(slot)
        case let .field(slot): return read(Int(slot))
        case let .raw(name): return Value(lead[program.code.names[Int(name)]])
        case .status: return statusCode().map(Value.string) ?? .missing
        case let .capture(slot): return .string(captures[Int(slot)])
        case let .template(start, count):
            var text = ""
            for i in Int(start)..<Int(start + count) {
                switch program.code.templateParts[i] {
                case let .text(t): text += t
                case let .capture(slot): text += captures[slot]
                }
            }
            return .string(text)
        case let .call(builtin, start, count):
            return try call(builtin, start: Int(start), count: Int(count))
        case let .regex(node, subject):
            return .bool(try match(node, subject: subject))
        case let .compare(op, lhs, rhs):
            return .bool(Self.compare(op, try operand(lhs), try operand(rhs)))
        case let .statusIs(id, _, _):
            return .bool(statusIs(Int(id)))
        case let .membership(element, list, negated):
            let value = try operand(element)
            guard case let .list(items) = try operand(list), value != .missing else { return .bool(false) }
            let found = items.contains { Self.compare(.equal, value, $0) }
            return .bool(found != negated)
        case let .test(subject, test, negated):
            return .bool(Self.test(test, try operand(subject)) != negated)
        case let .list(start, count):
            var values: [Value] = []
            for i in Int(start)..<Int(start + count) { values.append(try operand(program.code.operands[i])) }
            return .list(values)
        case let .not(operand):
            return .bool(!(try truth(operand)))
        case let .and(lhs, rhs):
            if try !truth(lhs) { return .bool(false) }
            return .bool(try truth(rhs))
        case let .or(lhs, rhs):
            if try truth(lhs) { return .bool(true) }
            return .bool(try truth(rhs))
        case let .arithmetic(op, lhs, rhs):
            return Arithmetic.apply(op, try operand(lhs), try operand(rhs))
        case let .negate(inner):
            return Arithmetic.negate(try operand(inner))
        case .pattern:
            return .missing
        }
    }

    /// The value of the instruction at `index` as an operand: the commonest leaves (a literal, a field, a lead-wide
    /// value already computed for this lead) are read here, inline, the rest by ``evaluate(_:)``. The same value as
    /// ``evaluate(_:)``; most operands are leaves, and a call of ``evaluate(_:)`` (its frame, its switch) cost more
    /// than reading them.
    @inline(__always)
    mutating func operand(_ index: Int32) throws(Failure) -> Value {
        switch program.code.instructions[Int(index)] {
        case let .literal(literal): return program.code.literals[Int(literal)]
        case let .field(slot): return read(Int(slot))
        case let .leadConstant(slot, _) where leadConstantStamps[Int(slot)] == generation: return leadConstantValue(Int(slot))
        default: return try evaluate(index)
        }
    }

    /// The value of the instruction at `index` for a reader of its text (`length()`, `concat()`, a table's key): a
    /// remembered text function's answer of a lead read as text is given as it is kept (a slice is not made a
    /// `String`); anything else as ``operand(_:)`` gives it.
    @inline(__always)
    mutating func textOperand(_ index: Int32) throws(Failure) -> HeldValue {
        if leadText.isText, case let .call(builtin, start, count) = program.code.instructions[Int(index)], Self.isRememberedText(builtin) {
            return try heldCall(builtin, start: Int(start), count: Int(count))
        }
        return .value(try operand(index))
    }

    /// `length()` of the value of the instruction at `index` as an integer (``length(_:)``: a text's characters, a list's
    /// elements), `nil` when it has none (missing); a slice is counted from its bytes.
    @inline(__always)
    mutating func textLength(_ index: Int32) throws(Failure) -> Int? {
        switch try textOperand(index) {
        case let .text(slice): return TextFunctions.characterCount(utf8: texts.bytes(slice))
        case let .value(value):
            if case let .int(count) = Self.length(value) { return count }
            return nil
        }
    }

    /// ``compare(_:_:_:)`` of two integers, as it compares them (as numbers: the `Double`s of both).
    @inline(__always)
    static func compare(_ op: ComparisonOperator, _ a: Double, _ b: Double) -> Bool {
        holds(op, ordering: a == b ? 0 : (a < b ? -1 : 1))
    }

    /// `is empty`, `is missing`, `is present` (before `not`).
    static func test(_ test: PresenceTest, _ value: Value) -> Bool {
        switch test {
        case .empty: return value.isEmpty
        case .missing: return value == .missing
        case .present: return value != .missing
        }
    }

    /// ``test(_:_:)`` of a value as the evaluator keeps it (a text slice is present, empty when it has no bytes).
    static func test(_ test: PresenceTest, _ held: HeldValue) -> Bool {
        switch test {
        case .empty: return held.isEmpty
        case .missing: return held.isMissing
        case .present: return !held.isMissing
        }
    }

    /// ``test(_:_:)`` of the value ``read(_:)`` gives for field `slot`, looked at where it is kept (a field tested for
    /// emptiness, `utcOffset is empty`, is the commonest test: its value was copied out and destroyed for it).
    mutating func fieldPasses(_ test: PresenceTest, _ slot: Int) -> Bool {
        if !program.writeMasks[currentWrites + slot] {
            // A candidate reads as itself, except `clear` (missing) and a zone (its hours: an integer, present).
            let held = candidates.withUnsafeBufferPointer { buffer -> Bool? in
                precondition(slot < buffer.count, "field slot \(slot) out of \(buffer.count)")
                let pointer = buffer.baseAddress.unsafelyUnwrapped + slot
                switch test {
                case .empty: return pointer.pointee?.value.isEmpty
                case .missing: return pointer.pointee?.value.readsAsMissing
                case .present: return (pointer.pointee?.value.readsAsMissing).map { !$0 }
                }
            }
            if let held { return held }
        }
        // Decoded in place (``storeLeadValue(_:)``): the value ``decodeLeadValue(_:)`` returned was only tested and
        // destroyed (an outlined destroy, and for a value that is no slice an outlined copy into its place).
        if leadStamps[slot] != generation { storeLeadValue(slot) }
        switch test {
        case .empty: return leadValues[slot].isEmpty
        case .missing: return leadValues[slot].isMissing
        case .present: return !leadValues[slot].isMissing
        }
    }

    /// Whether the status reads as `.int(id)` (``read(_:)`` of ``Program/statusSlot``), looked at where it is kept: the
    /// answer of ``Instruction/statusIs(id:status:literal:)``.
    mutating func statusIs(_ id: Int) -> Bool {
        let slot = program.statusSlot
        if !program.writeMasks[currentWrites + slot] {
            // A candidate reads as itself, except `clear` (missing) and a zone (its hours: left to `read`).
            let held = candidates.withUnsafeBufferPointer { buffer -> Bool?? in
                precondition(slot < buffer.count, "field slot \(slot) out of \(buffer.count)")
                return (buffer.baseAddress.unsafelyUnwrapped + slot).pointee.map { $0.value.isInteger(id) }
            }
            switch held {
            case let .some(.some(answer)): return answer
            case .some(.none):
                if case let .int(value) = read(slot) { return value == id }
                return false
            case .none: break
            }
        }
        if leadStamps[slot] != generation { storeLeadValue(slot) }
        return leadValues[slot].isInteger(id)
    }

    /// Runs the regex test ``ExpressionCode/regexes`` `[index]` of the value of instruction `subjectIndex`; on a
    /// match, fills the capture slots and records the match.
    mutating func match(_ index: Int32, subject subjectIndex: Int32) throws(Failure) -> Bool {
        // The test's plain facts decide it as far as they can; the node (a class: reading it retains it) is read only
        // for PCRE2, its captures and recording.
        let facts = plan.regexes[Int(index)]
        var occurs = false
        if facts.regexSet >= 0, !recordMatches {
            // A test its regex set answers: the set's answer for a lead-wide subject it already read in this lead
            // (the subject is not read again); else the answer is found below, once the subject is read.
            let set = facts.regexSet
            if facts.subjectConstantSlot >= 0, regexSetStamps[set] == generation, regexSetConstantSlots[set] == facts.subjectConstantSlot,
               regexSetKnown[set] {
                return ((regexSetAnswers[set] >> UInt64(facts.regexBit)) & 1 != 0) != facts.negated
            }
        } else {
            let prefilter = facts.prefilter
            // A subject that is a lead-wide value its prefilter already scanned: when none of the literals every match
            // needs is there, the answer is known without reading the subject again.
            // When some are there, they are not looked for again below (unless the subject read is another and is scanned).
            if !recordMatches, prefilter >= 0, facts.subjectConstantSlot >= 0,
               prefilterConstantStamps[prefilter] == generation, prefilterConstantSlots[prefilter] == facts.subjectConstantSlot {
                if !anyOccurs(facts.literals, prefilter: prefilter) { return facts.negated }
                occurs = true
            }
        }
        // The subject's UTF-8: a text slice's bytes where they lie (no `String`), or a `String`'s. A lead read as text
        // has its fields as slices; a decoded lead has slices where `text()` wrote a quiz log's values.
        let subject: String
        switch try heldOperand(subjectIndex) {
        case let .text(slice):
            return try match(index, facts, occurs: occurs, texts.bytes(slice), slice: slice, subject: nil)
        case let .value(value):
            guard let text = (consume value).takeText() else { return facts.negated }
            subject = text
        }
        var copy = subject
        let result = copy.withUTF8 { bytes in
            Result { () throws(Failure) in try match(index, facts, occurs: occurs, bytes, slice: nil, subject: subject) }
        }
        return try result.get()
    }

    /// The answer of regex set `set` (which patterns match) for the subject of UTF-8 `bytes` (the text `slice` or the
    /// `String` `subject`), the value of lead-wide slot `constantSlot` (-1: none): the one it gave for this subject in
    /// this lead, or its automaton run over it; `nil` when not known.
    mutating func setAnswer(_ set: Int, _ constantSlot: Int, _ bytes: UnsafeBufferPointer<UInt8>,
                            slice: TextSlice?, subject: String?) -> UInt64? {
        var same = regexSetStamps[set] == generation
        if same {
            if constantSlot >= 0 {
                same = regexSetConstantSlots[set] == constantSlot
            } else if regexSetConstantSlots[set] >= 0 {
                same = false
            } else {
                same = regexSetSubjects[set].isSame(slice: slice, string: subject)
            }
        }
        if !same {
            guard let automaton = regexSetAutomata[set] else { return nil }
            let caches = regexSetCaches, scratch = scratch
            let answer = automaton._withUnsafeGuaranteedRef { caches[set].run(bytes, $0, scratch: scratch) }
            regexSetAnswers[set] = answer ?? 0
            regexSetKnown[set] = answer != nil
            regexSetStamps[set] = generation
            regexSetConstantSlots[set] = constantSlot
            if constantSlot < 0 { regexSetSubjects[set].remember(slice: slice, string: subject) }
            if plan.subjectsMasked { noteAnswered(set, constantSlot, known: answer != nil) }
        }
        return regexSetKnown[set] ? regexSetAnswers[set] : nil
    }

    /// ``match(_:subject:)`` of a subject given as its UTF-8 `bytes` (valid until the test ends), which are the text
    /// `slice` or the `String` `subject`; `occurs` when the shortcut there found one of the literals every match needs
    /// in the subject the prefilter last scanned.
    private mutating func match(_ index: Int32, _ facts: RegexPlan, occurs: Bool, _ bytes: UnsafeBufferPointer<UInt8>,
                                slice: TextSlice?, subject: String?) throws(Failure) -> Bool {
        if facts.regexSet >= 0, !recordMatches,
           let answer = setAnswer(facts.regexSet, facts.subjectConstantSlot, bytes, slice: slice, subject: subject) {
            return ((answer >> UInt64(facts.regexBit)) & 1 != 0) != facts.negated
        }
        var occurs = occurs
        let prefilter = facts.prefilter
        if prefilter >= 0, !recordMatches {
            // The subject it last scanned: the same slice (a slice of other bytes that are the same text is scanned
            // again), or an equal `String`.
            if !prefilterSubjects[prefilter].isSame(slice: slice, string: subject) {
                prefilterPositionsKnown[prefilter] = program.prefilters[prefilter].scan(
                    utf8: bytes, hits: &prefilterHits[prefilter], positions: &prefilterPositions[prefilter], buffer: &foldBuffer)
                prefilterSubjects[prefilter].remember(slice: slice, string: subject)
                occurs = false
            }
            // Which lead-wide value the scanned subject is (the shortcut above reads it), written only when it changes
            // (each write of an array checks that it is not shared).
            if prefilterConstantStamps[prefilter] != generation || prefilterConstantSlots[prefilter] != facts.subjectConstantSlot {
                prefilterConstantSlots[prefilter] = facts.subjectConstantSlot
                prefilterConstantStamps[prefilter] = generation
            }
            // None of the literals every match needs is there: the regex cannot match.
            if !occurs, !anyOccurs(facts.literals, prefilter: prefilter) { return facts.negated }
            // A choice of words one of which is there (the fold was exact: positions known) matches; PCRE2 is
            // needed only to fill captures.
            if facts.decidedByLiterals, !facts.hasCaptures, prefilterPositionsKnown[prefilter] { return !facts.negated }
        }
        let node = program.code.regexes[Int(index)]
        // A pattern of whole subjects (`^...`) the small matcher reads: answered from position 0 without PCRE2, unless
        // its `$` could match before a final line feed (PCRE2 decides that one) or it read a character it does not know.
        if !recordMatches, !facts.hasCaptures, let whole = node.wholeSubject, !(whole.endsAtEnd && bytes.last == 0x0A),
           let answer = whole.matches(bytes, at: 0) {
            return answer != facts.negated
        }
        var matched: Bool
        do {
            if prefilter >= 0, !recordMatches, facts.hasStarts, prefilterPositionsKnown[prefilter], let starts = node.startsAt {
                matched = try matchAtLiterals(bytes, starts, prefilterPositions[prefilter], answerOnly: !facts.hasCaptures)
            } else {
                matched = try node.pattern.matches(utf8: bytes, scratch: scratch)
            }
        } catch {
            throw Failure(message: "regex at \(node.location): \(error)")
        }
        if matched, !facts.negated, facts.hasCaptures || recordMatches {
            // The groups are read from a `String` (made of a slice's bytes only here).
            let subject = subject ?? String(checkedUTF8: bytes)
            if facts.hasCaptures {
                for (group, slot) in node.captures {
                    captures[slot] = scratch.substring(group, in: subject).map(String.init) ?? ""
                }
            }
            if recordMatches {
                let text = scratch.substring(0, in: subject).map(String.init) ?? ""
                let named = node.namedGroups.compactMap { name, group in
                    scratch.substring(group, in: subject).map { NamedCapture(name: name, text: String($0)) }
                }
                matches.append(RegexMatchRecord(location: node.location, text: text, captures: named))
            }
        }
        return matched != facts.negated
    }

    /// Whether one of the literals ``EvaluationPlan/regexLiterals`` `[literals]` (ids of prefilter `index`'s
    /// literals) occurs in the subject it last scanned. Read in place: indexing the array of hit arrays retained the
    /// inner one.
    private mutating func anyOccurs(_ literals: Range<Int>, prefilter index: Int) -> Bool {
        plan.regexLiterals.withUnsafeBufferPointer { ids in
            precondition(literals.upperBound <= ids.count, "a regex's literals are in the plan")
            return prefilterHits.withUnsafeBufferPointer { all in
                // A scan that listed its occurrences (`scan` returned true) marked a literal exactly where it listed an
                // occurrence of it: none listed, none marked (the commonest answer, without a look at the flags).
                if prefilterPositionsKnown[index], prefilterPositions[index].isEmpty { return false }
                return all[index].withUnsafeBufferPointer { hits in
                    // Every id is below the prefilter's literal count (checked when the plan was made), and its hit
                    // flags are that many (made so, and `scan` keeps their number): checked once here, not per id.
                    precondition(hits.count >= plan.literalCounts[index], "a prefilter has a hit flag per literal")
                    for i in literals where hits[Int(ids[i])] { return true }
                    return false
                }
            }
        }
    }

    /// The regex tried anchored where one of the literals its matches start with occurs, leftmost first: the
    /// first place that matches is where an unanchored search would have matched (see ``LeadingLiterals``).
    /// The scratch then holds that match, with the same group numbers, unless `answerOnly` (nobody reads the
    /// groups): then a place is tried with the pattern's ``SmallRegex`` when it has one, and PCRE2 only where that
    /// does not know the answer.
    private mutating func matchAtLiterals(_ subject: UnsafeBufferPointer<UInt8>, _ starts: RegexNode.Starts,
                                          _ positions: [LiteralPrefilter.Hit], answerOnly: Bool) throws(PCRE2Error) -> Bool {
        // The places go into the first `count` elements of `startCandidates`, grown to hold every occurrence (its
        // elements written in place: appending checked the array's uniqueness for every place).
        if startCandidates.count < positions.count {
            startCandidates.append(contentsOf: repeatElement(0, count: positions.count - startCandidates.count))
        }
        let count = startCandidates.withUnsafeMutableBufferPointer { candidates in
            let count = Self.listStarts(positions, starts, subject, into: candidates)
            // Listed in the order the literals end: often already in the order they start.
            if count > 1, (1..<count).contains(where: { candidates[$0 &- 1] > candidates[$0] }) {
                var listed = UnsafeMutableBufferPointer(rebasing: candidates[..<count])
                listed.sort()
            }
            return count
        }
        var previous: Int32 = -1
        // Read out of the node once (each read retains it).
        let small = answerOnly ? starts.small : nil
        for index in 0..<count where startCandidates[index] != previous {
            previous = startCandidates[index]
            let start = Int(previous)
            if let small, let answer = small.matches(subject, at: start) {
                if answer { return true }
                continue
            }
            if try starts.anchored.matches(utf8: subject, from: start, scratch: scratch) { return true }
        }
        return false
    }

    /// Writes to the start of `candidates` (which has room for one per element of `positions`) the places in
    /// `positions` where one of the leading literals of `starts` occurs, less those its neighbours rule out (when
    /// the subject's `bytes` are at hand: a subject without contiguous UTF-8 is tried at every place), and returns
    /// how many it wrote.
    static func listStarts(_ positions: [LiteralPrefilter.Hit], _ starts: RegexNode.Starts,
                           _ bytes: UnsafeBufferPointer<UInt8>?, into candidates: UnsafeMutableBufferPointer<Int32>) -> Int {
        var count = 0
        positions.withUnsafeBufferPointer { positions in
            starts.placeRules.withUnsafeBufferPointer { rules in
                for hit in positions {
                    let literal = Int(hit.literal)
                    guard literal < rules.count else { continue }
                    let rule = rules[literal]
                    guard rule >= 0 else { continue }
                    if let bytes {
                        // `\b` then a word character: a word character before the place rules it out.
                        if rule & 1 != 0, wordCharacter(before: Int(hit.start), in: bytes) { continue }
                        // The literal then `\s`: a character after it that is surely not white space rules it out.
                        if rule > 1, surelyNotWhiteSpace(at: Int(hit.start &+ rule &>> 1), in: bytes) { continue }
                    }
                    candidates[count] = hit.start
                    count &+= 1
                }
            }
        }
        return count
    }

    /// Whether the character at byte `offset` of the UTF-8 `bytes` is surely not one PCRE2's `\s` matches (with Unicode
    /// properties): there is none (the end), or it is ASCII other than tab, line feed, vertical tab, form feed,
    /// carriage return and space, or a character of U+0400...U+047F (led by D0 or D1: letters). Any other
    /// character: `false` (the regex decides).
    static func surelyNotWhiteSpace(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard offset < bytes.count else { return true }
        let byte = bytes[offset]
        if byte < 0x80 { return !(byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)) }
        return byte == 0xD0 || byte == 0xD1
    }

    /// Whether the character that ends right before byte `offset` of the UTF-8 `bytes` is surely one PCRE2's `\w`
    /// matches (with Unicode properties): an ASCII letter, digit or `_`, or a character of U+0400...U+047F (two
    /// bytes led by D0 or D1: Cyrillic letters, every one). Any other character: `false` (the regex decides).
    static func wordCharacter(before offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard offset > 0, offset <= bytes.count else { return false }
        let last = bytes[offset - 1]
        if last < 0x80 {
            return (last >= 0x30 && last <= 0x39) || (last >= 0x41 && last <= 0x5A) || (last >= 0x61 && last <= 0x7A) || last == 0x5F
        }
        guard offset >= 2, last < 0xC0 else { return false }
        let lead = bytes[offset - 2]
        return lead == 0xD0 || lead == 0xD1
    }

    /// Comparison: a missing value compares false with anything (also with `!=`); numbers compare
    /// as numbers (a string holding a number counts as one when the other side is a number).
    ///
    /// Static, like every helper the evaluation calls often: a non-mutating method called from a mutating one
    /// gets a copy of the whole evaluator state (a retain and a release per reference it holds).
    static func compare(_ op: ComparisonOperator, _ lhs: Value, _ rhs: Value) -> Bool {
        if lhs == .missing || rhs == .missing { return false }
        let ordering: Int
        switch (lhs, rhs) {
        case let (.string(a), .string(b)):
            ordering = a == b ? 0 : (a < b ? -1 : 1)
        case let (.bool(a), .bool(b)):
            guard op == .equal || op == .notEqual else { return false }
            ordering = a == b ? 0 : 1
        default:
            guard let a = lhs.number, let b = rhs.number else {
                if op == .notEqual { return true }
                return false
            }
            ordering = a == b ? 0 : (a < b ? -1 : 1)
        }
        return holds(op, ordering: ordering)
    }

    /// Whether `op` holds between two values whose `ordering` is -1 (less), 0 (equal) or 1 (greater, or unordered).
    @inline(__always)
    static func holds(_ op: ComparisonOperator, ordering: Int) -> Bool {
        switch op {
        case .equal: return ordering == 0
        case .notEqual: return ordering != 0
        case .less: return ordering < 0
        case .lessEqual: return ordering <= 0
        case .greater: return ordering > 0
        case .greaterEqual: return ordering >= 0
        }
    }

    /// For `explain`: the value the failing part (the expression at `index` of ``Program/code``) looked at (its
    /// subject), as text.
    ///
    /// The value is evaluated before it is described: `describe(try evaluate(x))` took a copy of the whole core for
    /// `describe`'s `self` before `evaluate` changed it (about a third of `enrich test`'s time).
    mutating func seenValue(_ index: Int32) throws(Failure) -> String {
        let seen: Int32
        switch program.code.instructions[Int(index)] {
        case let .regex(_, subject): seen = subject
        case let .compare(_, lhs, _): seen = lhs
        case let .statusIs(_, status, _): seen = status
        case let .membership(element, _, _): seen = element
        case let .test(subject, _, _): seen = subject
        case let .not(inner): return try seenValue(inner)
        default: seen = index
        }
        let value = try evaluate(seen)
        return describe(value)
    }

    /// Calls a built-in: the implementations of ``BuiltinRegistry``'s declarations, one `case` each (the `switch`
    /// is exhaustive, so a declared function without an implementation does not compile).
    ///
    /// The arguments are the instructions ``ExpressionCode/operands`` `[start, start + count)` name, evaluated in
    /// place (no array per call). The functions that read text and do real work
    /// (`text`, `e164`, `phone_first`, `phone_rest`, `digits`) are remembered for the lead: rules ask for
    /// `text(sourceComment)` or `phone_first(phone)` many times, and the answer depends on the input text alone.
    mutating func call(_ builtin: BuiltinFunction, start: Int, count: Int) throws(Failure) -> Value {
        switch builtin {
        case .concat where count == 2:
            // Two parts (`concat("+", phone_first(phone))`): each as it is kept (a slice's bytes are read where they
            // lie), joined in one step.
            let first = try textOperand(program.code.operands[start])
            let second = try textOperand(program.code.operands[start + 1])
            // Set again only by this call's own join (its parts' calls may have noted numbers of their own).
            joinNoted = false
            // An answer of `phone_first` after a `+` (a phone written back): noted, so that its later readings of the
            // text are known (``joined(_:writtenNumber:)``).
            if case .call(.phoneFirst, _, _) = program.code.instructions[Int(program.code.operands[start + 1])],
               case let .text(number) = second {
                return .string(joined(first, writtenNumber: number))
            }
            return .string(joined(first, second))
        case .concat:
            // The first part is taken as it is (appending it to "" made a new string of the same text).
            var text: String?
            for i in start..<(start + count) {
                guard let part = try operand(program.code.operands[i]).takeText() else { continue }
                if let first = text { text = Self.joined(first, part) } else { text = part }
            }
            return .string(text ?? "")
        case .json:
            // Arguments in order (the first, then the path), as for every call. The document read as it is kept (a
            // field's text slice is not made a `String`).
            let document = count > 0 ? (leadText.isText ? try heldOperand(program.code.operands[start])
                                                        : .value(try operand(program.code.operands[start]))) : .value(.missing)
            guard count > 1, case let .string(path) = try operand(program.code.operands[start + count - 1]) else { return .missing }
            switch consume document {
            case let .text(slice): return jsonValue(at: path, in: .text(slice))
            case let .value(value):
                guard let text = (consume value).takeText() else { return .missing }
                return jsonValue(at: path, in: .value(.string(text)))
            }
        case .e164, .phoneFirst, .phoneRest, .digits, .text:
            // A lead read as text: its texts may be slices (a `where` here would apply to `.text` alone). Other leads
            // below, as before.
            guard leadText.isText else { break }
            // The answer first, then the buffer read: `texts.value(of: try heldCall(…))` read the buffer (a copy of it)
            // before the call added a text to it, and the stale copy refused the new slice (its precondition).
            let held = try heldCall(builtin, start: start, count: count)
            return texts.value(of: held)
        case .min, .max, .round, .floor, .ceil, .replace, .stripPrefix, .stripSuffix, .substring, .contains, .startsWith, .endsWith:
            return try compute(builtin, start: start, count: count)
        case .length where count > 0:
            // `length(phone_first(phone))`: a slice's characters counted from its bytes (no `String`).
            switch try textOperand(program.code.operands[start]) {
            case let .text(slice): return .int(TextFunctions.characterCount(utf8: texts.bytes(slice)))
            case let .value(value): return Self.length(value)
            }
        default:
            break
        }
        let first = try firstArgument(start: start, count: count)
        switch builtin {
        case .e164, .phoneFirst, .phoneRest, .digits, .text:
            guard let text = (consume first).takeText() else { return .missing }
            return rememberedCall(builtin, text)
        case .lower: return (consume first).takeText().map { .string($0.lowercased()) } ?? .missing
        case .upper: return (consume first).takeText().map { .string($0.uppercased()) } ?? .missing
        case .trim: return (consume first).takeText().map { .string($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? .missing
        case .length: return Self.length(first)
        case .int: return try BuiltinConversions.integer(first)
        case .amount: return AmountReading.read(first)
        case .zone:
            if case let .string(name) = first, let zone = TimeZone(identifier: name) { return .zone(zone) }
            return .missing
        case .concat, .json, .min, .max, .round, .floor, .ceil, .replace, .stripPrefix, .stripSuffix, .substring, .contains,
             .startsWith, .endsWith:
            preconditionFailure("handled above")
        }
    }

    /// `length()` of a value: a list's elements, a text's characters; missing for anything without text.
    static func length(_ value: consuming Value) -> Value {
        if case let .list(items) = value { return .int(items.count) }
        if case .missing = value { return .missing }
        return (consume value).takeText().map { .int(TextFunctions.characterCount($0)) } ?? .missing
    }

    /// `concat()` of two parts as they are kept: the text of each that has one, one after the other ("" when neither
    /// has); a part alone is itself. The same text as ``joined(_:_:)`` of their `String`s.
    mutating func joined(_ first: consuming HeldValue, _ second: consuming HeldValue) -> String {
        // A part as a `String` when it is one, or without text (skipped).
        var firstText: String?, secondText: String?
        var firstSlice: TextSlice?, secondSlice: TextSlice?
        switch consume first {
        case let .text(slice): firstSlice = slice
        case let .value(value): firstText = (consume value).takeText()
        }
        switch consume second {
        case let .text(slice): secondSlice = slice
        case let .value(value): secondText = (consume value).takeText()
        }
        if firstSlice == nil, secondSlice == nil {
            guard let head = firstText else { return secondText ?? "" }
            guard let tail = secondText else { return head }
            return Self.joined(head, tail)
        }
        if firstSlice == nil, firstText == nil { return texts.string(secondSlice!) }
        if secondSlice == nil, secondText == nil { return texts.string(firstSlice!) }
        // Both have text, one at least a slice: its bytes read where they lie (valid: nothing is added meanwhile).
        let texts = self.texts
        func withBytes<R>(_ slice: TextSlice?, _ text: inout String?, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            if let slice { return body(texts.bytes(slice)) }
            return text!.withUTF8(body)
        }
        return withBytes(firstSlice, &firstText) { head in
            withBytes(secondSlice, &secondText) { tail in Self.joined(utf8: head, tail) }
        }
    }

    /// The text of UTF-8 `head` then `tail` (each valid), made in one buffer of their total length (on the stack when
    /// small); short ASCII becomes a small string without the standard library's checks (``Swift/String/init(checkedUTF8:)``).
    static func joined(utf8 head: UnsafeBufferPointer<UInt8>, _ tail: UnsafeBufferPointer<UInt8>) -> String {
        let total = head.count + tail.count
        if total <= SmallASCIIString.capacity, SmallASCIIString.layoutHolds, let words = smallASCIIWords(head, tail) {
            return unsafeBitCast(words, to: String.self)
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: total) { buffer in
            let base = buffer.baseAddress.unsafelyUnwrapped
            if let source = head.baseAddress, head.count > 0 { base.update(from: source, count: head.count) }
            if let source = tail.baseAddress, tail.count > 0 { (base + head.count).update(from: source, count: tail.count) }
            return String(checkedUTF8: UnsafeBufferPointer(start: base, count: total))
        }
    }

    /// The two words of the small string of `head` then `tail` (where ``SmallASCIIString/layoutHolds``), or nil when
    /// they are more than 15 bytes or a byte is not ASCII: each part's words
    /// (``SmallASCIIString/words(_:)``, its count's tag taken off) and the tail's moved past the head's bytes, so the
    /// words are those of ``SmallASCIIString/make(_:)`` of the bytes one after the other (no buffer, no copy: the
    /// copy into a temporary buffer and the ASCII scan took ~200 instructions for `concat("+", phone_first(phone))`).
    @inline(__always)
    static func smallASCIIWords(_ head: UnsafeBufferPointer<UInt8>, _ tail: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64)? {
        guard head.count &+ tail.count <= SmallASCIIString.capacity else { return nil }
        let untagged: UInt64 = 0x00FF_FFFF_FFFF_FFFF
        let h = SmallASCIIString.words(head), t = SmallASCIIString.words(tail)
        var low = h.0, high = h.1 & untagged
        let tailLow = t.0, tailHigh = t.1 & untagged
        let shift = UInt64(head.count &* 8)
        if shift == 0 {
            low |= tailLow; high |= tailHigh
        } else if shift < 64 {
            low |= tailLow &<< shift
            high |= tailHigh &<< shift | tailLow &>> (64 &- shift)
        } else {
            // A head of 8 bytes or more: the tail is at most 7, all in its first word.
            high |= tailLow &<< (shift &- 64)
        }
        guard (low | high) & 0x8080_8080_8080_8080 == 0 else { return nil }
        let total = UInt64(head.count &+ tail.count)
        return (low, high | (0xE0 | total) &<< 56)
    }

    /// `first` then `second`, made in one buffer of their total length: the same text as `first + second`
    /// (`String.append` took ~400 instructions for a dozen bytes, through its general path).
    static func joined(_ first: consuming String, _ second: consuming String) -> String {
        first.withUTF8 { head in second.withUTF8 { tail in joined(utf8: head, tail) } }
    }

    /// The built-ins of several values (numbers, text functions, `replace`): their arguments in order.
    private mutating func compute(_ builtin: BuiltinFunction, start: Int, count: Int) throws(Failure) -> Value {
        var values: [Value] = []
        for i in start..<(start + count) { values.append(try operand(program.code.operands[i])) }
        switch builtin {
        case .replace:
            guard count > 1, case let .pattern(index) = program.code.instructions[Int(program.code.operands[start + 1])],
                  let text = values.first?.text, let replacement = values.last?.text else { return .missing }
            let pattern = program.code.patterns[Int(index)]
            do {
                return .string(try pattern.replacingMatches(in: text, with: replacement))
            } catch {
                throw Failure(message: "replace() with the regex /\(pattern.source)/: \(error)")
            }
        case .stripPrefix, .stripSuffix, .substring, .contains, .startsWith, .endsWith:
            return TextFunctions.call(builtin, values)
        default:
            return Arithmetic.call(builtin, values)
        }
    }

    private mutating func firstArgument(start: Int, count: Int) throws(Failure) -> Value {
        guard count > 0 else { return .missing }
        return try operand(program.code.operands[start])
    }

    /// The text functions whose answers are remembered for the lead (see ``call(_:_:)``), of `text`, made of `slice` when
    /// it is the text of one (an answer remembered on the way is remembered for the slice).
    mutating func compute(_ builtin: BuiltinFunction, _ text: String, slice: TextSlice?) -> Value {
        switch builtin {
        case .e164:
            return PhoneNormalizer.e164(text).map(Value.string) ?? .missing
        case .phoneFirst, .phoneRest:
            // One reading answers both: remember the other one too.
            let reading = PhoneFieldReader.read(text)
            let first = reading.map { Value.string($0.e164) } ?? .missing
            let rest = reading.map { $0.rest.isEmpty ? Value.missing : .string($0.rest) } ?? .missing
            let other: BuiltinFunction = builtin == .phoneFirst ? .phoneRest : .phoneFirst
            if let slice {
                remember(other, .text(slice), .value(builtin == .phoneFirst ? rest : first))
            } else {
                remember(other, text, builtin == .phoneFirst ? rest : first)
            }
            return builtin == .phoneFirst ? first : rest
        case .digits:
            var text = text
            return text.withUTF8 { Self.digits($0) }
        case .text:
            // A JSON document (a quiz log) reads as its string values, decoded (\u escapes included),
            // one per line; any other value as itself.
            // Read straight into one string, without a tree; text the parser refuses is itself.
            // Invisible characters (``InvisibleCharacters``) are left out of what it reads.
            guard Self.mayBeJSONDocument(text) else { return .string(InvisibleCharacters.removing(from: text)) }
            let lines = JSONParser.scalarTextIfDocument(of: text, separator: "\n", scratch: &textScratch)
            // The reading refuses the texts the parser refuses: its verdict serves `json()` of the same text.
            jsonDocuments.append(JSONDocumentEntry(text: slice.map(HeldValue.text) ?? .value(.string(text)), isDocument: lines != nil))
            return .string(InvisibleCharacters.removing(from: lines ?? text))
        default:
            preconditionFailure("\(builtin) is not remembered")
        }
    }

    /// A remembered answer of `builtin` for `text` in this lead (mutating only so that `self` is not copied).
    /// A remembered text function of a `String`: remembered, or computed and remembered.
    mutating func rememberedCall(_ builtin: BuiltinFunction, _ text: String) -> Value {
        if let known = remembered(builtin, text) { return known }
        let value = compute(builtin, text, slice: nil)
        remember(builtin, text, value)
        return value
    }

    mutating func remembered(_ builtin: BuiltinFunction, _ text: String) -> Value? {
        // By index, comparing lengths first: iterating the entries would copy each one (its strings and value).
        let length = text.utf8.count
        for i in callMemo.indices where callMemo[i].builtin == builtin && callMemo[i].input.utf8.count == length
            && callMemo[i].input == text {
            return callMemo[i].output
        }
        return nil
    }

    mutating func remember(_ builtin: BuiltinFunction, _ text: String, _ output: Value) {
        callMemo.append(CallMemoEntry(builtin: builtin, input: text, output: output))
    }

    /// A remembered answer of `builtin` for the text slice `text` in this lead (the same slice or one of the same bytes).
    mutating func remembered(_ builtin: BuiltinFunction, slice text: TextSlice) -> HeldValue? {
        guard let i = rememberedIndex(builtin, slice: text) else { return nil }
        return sliceMemo[i].output
    }

    /// Where ``remembered(_:slice:)`` finds its answer in ``sliceMemo``.
    @inline(__always)
    mutating func rememberedIndex(_ builtin: BuiltinFunction, slice text: TextSlice) -> Int? {
        // The same slice (a field asked for again) is answered by comparing the slices; another slice of as many bytes
        // by its bytes: not as two `HeldValue`s through `LeadTextBuffer.same`, which was not inlined (a frame per entry).
        for i in sliceMemo.indices where sliceMemo[i].builtin == builtin && sliceMemo[i].input.count == text.count
            && (sliceMemo[i].input == text || texts.sameBytes(sliceMemo[i].input, text)) {
            return i
        }
        return nil
    }

    /// A remembered answer of `builtin` for an input slice of the bytes `text` (UTF-8 from elsewhere: a `String`'s).
    mutating func remembered(_ builtin: BuiltinFunction, utf8 text: UnsafeBufferPointer<UInt8>) -> HeldValue? {
        let count = text.count
        for i in sliceMemo.indices where sliceMemo[i].builtin == builtin && sliceMemo[i].input.count == count
            && (count == 0 || memcmp(texts.bytes(sliceMemo[i].input).baseAddress!, text.baseAddress!, count) == 0) {
            return sliceMemo[i].output
        }
        return nil
    }

    /// Remembers an answer for an input slice (the answer moved into the memo, not copied).
    mutating func remember(_ builtin: BuiltinFunction, slice: TextSlice, _ output: consuming HeldValue) {
        sliceMemo.append(SliceMemoEntry(builtin: builtin, input: slice, output: output))
    }

    /// Remembers an answer for an input text: a `String` (as ``Value/string(_:)``) or a slice.
    mutating func remember(_ builtin: BuiltinFunction, _ text: HeldValue, _ output: HeldValue) {
        switch text {
        case let .text(slice): remember(builtin, slice: slice, output)
        case let .value(.string(string)): remember(builtin, string, texts.value(of: output))
        default: break
        }
    }


    /// `json(text, path)`, remembered for the lead (rules ask for the same member again and again). Only the
    /// value found is built, not the document's tree; a text that is not a JSON document has no values.
    mutating func jsonValue(at path: String, in text: HeldValue) -> Value {
        // A slice that cannot be a document (a plain comment: four leads in five) has no values, answered from its
        // first bytes before the remembered answers are searched (by path and text) and one is added: ~110
        // instructions a call less.
        if case let .text(slice) = text, !Self.mayBeJSONDocument(utf8: texts.bytes(slice)) { return .missing }
        for i in jsonCache.indices where jsonCache[i].path == path && texts.same(jsonCache[i].text, text) { return jsonCache[i].value }
        var value = Value.missing
        // The document is checked once per lead (``isJSONDocument(_:_:)``), then each path is followed without checking
        // it again, reading only up to the value: the answers of `JSONParser.value(at:in:)`, which parses it all.
        switch text {
        case let .text(slice):
            if Self.mayBeJSONDocument(utf8: texts.bytes(slice)), let steps = pathSteps(path), isJSONDocument(text, texts.bytes(slice)),
               let found = JSONParser.value(at: steps, inDocumentUTF8: texts.bytes(slice)) {
                value = Value(found)
            }
        case .value(.string(var string)):
            string.withUTF8 { bytes in
                if Self.mayBeJSONDocument(utf8: bytes), let steps = pathSteps(path), isJSONDocument(text, bytes),
                   let found = JSONParser.value(at: steps, inDocumentUTF8: bytes) {
                    value = Value(found)
                }
            }
        case .value: break
        }
        jsonCache.append(JSONMemoEntry(text: text, path: path, value: value))
        return value
    }

    /// The steps of a `json()` path, remembered for the evaluator's life (a pack names a few paths; parsing one
    /// made an array for every lead).
    mutating func pathSteps(_ path: String) -> [JSONPathStep]? {
        for i in parsedPaths.indices where parsedPaths[i].path == path { return parsedPaths[i].steps }
        let steps = BuiltinConversions.path(path)
        // Paths computed from the lead (rare) are not kept: the list stays as long as the pack's constant paths.
        if parsedPaths.count < Self.rememberedPathLimit { parsedPaths.append(ParsedPath(path: path, steps: steps)) }
        return steps
    }

    /// How many distinct paths an evaluator remembers.
    static let rememberedPathLimit = 64

    /// Whether `text` (whose UTF-8 is `bytes`) is one JSON document, remembered for the lead (rules read several paths
    /// of one quiz log).
    mutating func isJSONDocument(_ text: HeldValue, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in jsonDocuments.indices where texts.same(jsonDocuments[i].text, text) { return jsonDocuments[i].isDocument }
        let isDocument = JSONParser.isDocument(utf8: bytes)
        jsonDocuments.append(JSONDocumentEntry(text: text, isDocument: isDocument))
        return isDocument
    }

    /// Whether `text` starts, after spaces, tabs and line breaks, with `{` or `[`: the documents that
    /// `text()` and `json()` read (a bare string or number in a field is the field's text).
    ///
    /// The test has always been by characters, where a CR LF pair is one character that is none of
    /// those; so CR LF before the document still makes it plain text.
    static func mayBeJSONDocument(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { mayBeJSONDocument(utf8: $0) }
    }
}
