import Foundation
import JSON
import LeadFields
import PCRE2
import RulesLanguage

/// Evaluates leads one after another with reusable scratch memory.
///
/// An evaluator belongs to one task or thread at a time (it is not `Sendable`); make one per
/// worker with ``Engine/makeEvaluator()``. The ``Engine`` it comes from is shared.
public final class Evaluator {
    // The work happens in a struct: its properties are accessed statically, whereas every access
    // to a class's stored property pays a dynamic exclusivity check (measured: ~10% of the time). The one access
    // per evaluation to `core` itself is not checked either (`swift_beginAccess` and its end were ~117
    // instructions per evaluation): an evaluator belongs to one task at a time, and nothing the core calls
    // reaches back into its evaluator.
    @exclusivity(unchecked) var core: EvaluationCore

    init(program: Program) {
        core = EvaluationCore(program: program)
    }

    /// Evaluates `lead` at reference time `now`. With `trace`, every writer's outcome is recorded.
    ///
    /// A `now` that is not finite (`Date(timeIntervalSince1970: .nan)`, `.infinity`, `Date.distantFuture`
    /// is finite) is refused: the evaluation has an empty patch, no changes and one error saying so
    /// (see ``Evaluation/nonFiniteNowMessage(_:)``).
    public func evaluate(_ lead: Lead, now: Date = Date(), trace: Bool = false) -> Evaluation {
        evaluate(lead, now: now, detail: trace ? .trace : .provenance)
    }

    /// Evaluates `lead` with the given level of detail (``EvaluationDetail/patch`` is the fastest).
    public func evaluate(_ lead: Lead, now: Date = Date(), detail: EvaluationDetail) -> Evaluation {
        core.evaluate(lead, now: now, detail: detail)
    }

    /// Evaluates `lead` keeping off `edited` fields (people changed them since the engine wrote them): only
    /// writers declared `overrides edits` write those; the trace says why the others did not.
    public func evaluate(_ lead: Lead, now: Date = Date(), detail: EvaluationDetail, keeping edited: EditedFields) -> Evaluation {
        core.edited = edited
        defer { core.edited = .none }
        return evaluate(lead, now: now, detail: detail)
    }

    /// Evaluates `lead` into `buffer`, overwriting what it held: the evaluation ``evaluate(_:now:detail:)`` returns,
    /// made in the buffer's storage. A caller that evaluates lead after lead into one buffer allocates nothing
    /// once the buffer has grown to what the leads need; one that holds many leads read from text also calls
    /// ``Lead/prefetch()`` on the next lead before each evaluation, so that its memory is not waited for.
    public func evaluate(_ lead: Lead, now: Date = Date(), detail: EvaluationDetail, into buffer: inout EvaluationBuffer) {
        core.evaluate(lead, now: now, detail: detail, into: &buffer)
    }
}

/// How much an evaluation records besides the patch.
public enum EvaluationDetail: Sendable {
    /// Only what the patch needs, with only the writers run that can change it: a writer is not run when every field
    /// it writes already holds a proposal that beats its own (of a higher precedence, or of the same precedence and
    /// loaded earlier) and its run cannot fail. The patch and the errors are those of ``patch``; no provenance is made
    /// (``Evaluation/changes`` is empty: no old values or locations are kept), but ``Evaluation/writtenFields`` names
    /// each change's field and rule as at every detail; ``Evaluation/fired`` names only the writers run that fired (a
    /// writer left unrun is not named even when its condition holds). What `enrich run` over a file uses without
    /// `--explain`.
    case patchOnly
    /// The patch, and per field the rule and location that wrote it (no regex matches).
    case patch
    /// Also the text and captures each winning rule's regexes matched.
    case provenance
    /// Also what every rule did (``Evaluation/trace``), for `explain`.
    case trace
}

/// The evaluator's state and logic.
struct EvaluationCore {
    let program: Program
    /// The program's writers, actions and regex tests as plain values, for the hot loop.
    let plan: EvaluationPlan
    /// The plan's ``EvaluationPlan/writers``, ``EvaluationPlan/outranking`` and ``EvaluationPlan/writtenSlots`` as
    /// ``FixedArray``s (in ``storage``), for the untraced writers' loops: held as arrays, each loop retained and released
    /// the three once per lead (the writers it calls may change the core, as far as the compiler knows, so the arrays
    /// were kept alive across them).
    let writerPlans: FixedArray<WriterPlan>
    let outrankingFacts: FixedArray<OutrankedWriters.WriterFacts>
    let writtenSlotList: FixedArray<Int>
    let scratch = MatchScratch()
    /// Per-writer state, reset for each writer.
    var captures: [String] = []
    var matches: [RegexMatchRecord] = []
    /// Matches are recorded only when provenance or a trace needs them (see ``matchesOf(_:)``).
    var recordMatches = false
    /// Whether provenance includes regex matches.
    var withMatches = true
    /// Answers of the text functions remembered for this lead (see ``call(_:_:)``): rules ask for
    /// `phone_first(phone)` or `text(sourceComment)` again and again.
    let callMemo = LeadMemo<CallMemoEntry>()
    /// The same for input texts kept as slices (``TextSlice``): only a lead read as text has them.
    let sliceMemo = LeadMemo<SliceMemoEntry>()
    /// Per field slot and remembered text function (``rememberedTextIndex(_:)``): the entry of ``sliceMemo`` holding its
    /// answer for the lead's own value of the field, valid where the stamp equals `generation` (``fieldCall(_:slot:)``).
    var fieldCallStamps: FixedArray<UInt32>
    var fieldCallEntries: FixedArray<Int32>
    /// The numbers written in this lead by a `concat` of `+` and an answer of `phone_first` (the form a rule writes a
    /// phone back in), each kept as that answer's slice: the last ``writtenNumberRoom`` of them, a slice of another
    /// lead stale. The phone readers answer such a text without reading it again (``writtenNumber(_:)``).
    var writtenNumbers: FixedArray<TextSlice>
    var writtenNumberNext = 0
    /// Whether the last `concat()` of two parts whose second is an answer of `phone_first` noted its number (set by
    /// ``noteWrittenNumber(_:)``, cleared by that `concat` before it joins), and the number it noted: a rule writing
    /// that `concat` knows its proposal is a written number (``runActions(_:_:record:tracing:)``).
    var joinNoted = false
    var joinNumber = EvaluationCore.noWrittenNumber
    /// Per field slot: its proposal found to be a written number (``candidatePhoneCall(_:slot:)``).
    var candidateNumbers: FixedArray<CandidateNumber>
    /// Per-lead state: the lead being evaluated, where the caller holds it, valid only during
    /// ``evaluate(_:now:detail:into:)`` (read through ``lead``). Not a copy of the lead: copying it into the core and
    /// letting it go at the end cost ~200 instructions per evaluation (the lead's outlined copy, the optional's
    /// destruction), for what only errors, raw fields and decoded leads read.
    var leadAddress: UnsafePointer<Lead>? = nil
    /// The lead being evaluated (only during an evaluation).
    var lead: Lead {
        precondition(leadAddress != nil, "the lead is read only while it is evaluated")
        return leadAddress.unsafelyUnwrapped.pointee
    }
    var now = Date()
    /// Owns the memory of the fixed-size arrays below (``FixedArray``): they live as long as it.
    let storage = FixedArrayStorage()
    /// The winning proposal per field slot, and which slots have one.
    var candidates: FixedArray<Candidate?>
    /// Per field slot, the rank of the writer whose proposal it holds (``OutrankedWriters/WriterFacts/rank``), -1 when
    /// none: what ``isOutranked(_:written:)`` compares, without reading the optional candidate.
    var holderRanks: FixedArray<Int>
    /// Where a candidate's ``Candidate/value`` and ``Candidate/origin`` lie in a `Candidate?` (whose payload is at its
    /// start), for ``takeCandidate(_:)``. Stored in the core: as static properties of `Candidate` each read went
    /// through a global's lazy initialization (`swift_once`, ~22 instructions).
    let candidateValueOffset = MemoryLayout<Candidate>.offset(of: \Candidate.value)!
    let candidateOriginOffset = MemoryLayout<Candidate>.offset(of: \Candidate.origin)!
    /// The field slots given a candidate in this lead, in the order they were first given one: the first
    /// ``touchedCount`` of ``touchedSlots`` (room for every field slot: a slot is recorded once per lead, when it gets
    /// its first candidate). A count over fixed memory rather than an array: appending checked the array's uniqueness,
    /// and emptying it removed its elements one by one, each with that check.
    let touchedSlots: FixedArray<Int>
    var touchedCount = 0
    /// ``touchedSlots``' first ``touchedCount`` elements.
    var touched: UnsafeMutableBufferPointer<Int> { UnsafeMutableBufferPointer(start: touchedSlots.base, count: touchedCount) }
    /// The lead's own values per field slot, read lazily; valid when the stamp equals `generation`. (The patch's old
    /// values are these: as JSON, or a text as an ``OldText`` in ``oldTexts``.)
    var leadValues: FixedArray<HeldValue>
    var leadStamps: FixedArray<UInt32>
    /// The top-level names the field slots read, and where their values lie in a lead read as text (found once per
    /// lead: a field's first read is then an index, not a search of the lead's members).
    let fieldNames: LeadFieldNames
    var leadText = ResolvedLeadText()
    var generation: UInt32 = 0
    /// The lead-wide values of ``Instruction/leadConstant(slot:expression:)``, valid where the stamp equals
    /// `generation`.
    var leadConstants: FixedArray<HeldValue>
    var leadConstantStamps: FixedArray<UInt32>
    /// Whether the patch records a ``FieldChange`` per change (every detail but ``EvaluationDetail/patchOnly``, which
    /// records only each change's field and writer).
    var recordsChanges = true
    /// Where the running writer's write mask starts in ``Program/writeMasks``.
    var currentWrites = 0
    /// `json()` answers for this lead (see ``jsonValue(at:in:)``).
    let jsonCache = LeadMemo<JSONMemoEntry>()
    /// The texts `json()` read in this lead, and whether each is a JSON document (see ``isJSONDocument(_:)``).
    let jsonDocuments = LeadMemo<JSONDocumentEntry>()
    /// `json()` paths parsed so far, kept from lead to lead (see ``pathSteps(_:)``).
    var parsedPaths: [ParsedPath] = []
    /// Where `text()` collects a JSON document's values before they become its `String`.
    var textScratch: [UInt8] = []
    /// The lead's texts that are not `String`s (``TextSlice``): its string fields as read, what `text()` makes of
    /// them. Emptied for each lead; its memory is `textStorage`'s.
    let textStorage = LeadTextStorage(capacity: 4096)
    var texts: LeadTextBuffer
    /// The texts of the changes' old values read as bytes (``FieldChange/oldStart``), and the program's provenance
    /// table, which every change holds through it: emptied at the next lead when no change refers to it any more,
    /// else left to the changes and replaced (``reuseOldTexts()``).
    var oldTexts: OldTextStorage
    /// Per prefilter: the subject it last scanned for this lead, and which literals occur in it.
    var prefilterSubjects: FixedArray<LastSubject>
    /// Per prefilter: the lead-wide value slot its subject last came from in this lead (see
    /// ``RegexNode/subjectConstantSlot``), -1 when none; valid where the stamp equals `generation`.
    var prefilterConstantSlots: FixedArray<Int>
    var prefilterConstantStamps: FixedArray<UInt32>
    var prefilterHits: [[Bool]]
    /// Per prefilter: where its literals occur in that subject, and whether those places are known (see
    /// ``LiteralPrefilter/scan(_:hits:positions:buffer:)``).
    var prefilterPositions: [[LiteralPrefilter.Hit]]
    var prefilterPositionsKnown: FixedArray<Bool>
    /// Per regex set (``Program/regexSets``): its automaton as far as built (``RegexSetCache``), and for this lead which
    /// patterns match in the subject it last read (``regexSetAnswers``; not known where ``regexSetKnown`` is false),
    /// the lead-wide value slot that subject came from (-1 none; valid where the stamp equals `generation`), and the
    /// subject itself when it is no lead-wide value (``LastSubject``).
    /// (A ``FixedArray``: an array's element run in place paid a check of the array's uniqueness at every run.)
    let regexSetCaches: FixedArray<RegexSetCache>
    /// ``Program/regexSets`` unretained (the program, which the core holds, keeps them): read from the array, each
    /// run retained and released its automaton.
    let regexSetAutomata: FixedArray<Unmanaged<RegexSet>?>
    var regexSetAnswers: FixedArray<UInt64>
    var regexSetKnown: FixedArray<Bool>
    var regexSetConstantSlots: FixedArray<Int>
    var regexSetStamps: FixedArray<UInt32>
    var regexSetSubjects: FixedArray<LastSubject>
    /// Which of ``EvaluationPlan/answerSubjects`` the sets have answered for in this lead (bit `i`: the set of subject `i`
    /// last read that subject and answered; see ``noteAnswered(_:_:known:)``), when ``EvaluationPlan/subjectsMasked``.
    var answeredSubjects: UInt64 = 0
    /// The values of the running writer's `let` names, valid where the stamp equals `localGeneration` (a new
    /// generation per writer run).
    var localValues: [Value] = []
    var localStamps: [UInt32] = []
    var localGeneration: UInt32 = 0
    /// The places where a regex is tried anchored (see ``RegexNode/startsAt``).
    var startCandidates: [Int32] = []
    var foldBuffer: [UInt8] = []
    /// A decision table's input values, their numbers and its matching rows (see ``decide(_:writer:index:record:tracing:)``).
    var tableInputs: [Value] = []
    var tableNumbers: [Numeric?] = []
    var tableMatching: [Int] = []
    /// Per field slot: where it sorts in the patch.
    let slotOrder: [Int]
    /// Per field slot: its field as the patch reads it (``PatchSlot``).
    let patchSlots: [PatchSlot]
    /// Every writer's name by index: an ``EvaluationBuffer`` names the writers that fired from it.
    let writerNames: [String]
    /// Where the evaluations returned as an ``Evaluation`` are made, and the names of their writers that fired: the
    /// storage is reused once the caller has let go of the last evaluation (then making one allocates nothing), and
    /// made anew while the caller still holds it. (In the core, not the evaluator: a class's stored property pays a
    /// dynamic exclusivity check at every access.)
    var results = EvaluationBuffer()
    var firedNames: [String] = []
    /// The record ``evaluate(_:now:detail:into:)`` passes to the writers (one element), kept from one evaluation to
    /// the next and written in place.
    let traceRecord: FixedArray<WriterTrace>
    /// Fields people changed since the engine wrote them (usually none).
    var edited = EditedFields.none
    /// Whether an evaluation at patch-only detail runs families of tables as one (``TableFamilies``); tests turn it off
    /// to compare with every member run by itself.
    var runsTableFamilies = true
    /// The hours of table rows' zones, for the patch (``ZoneHoursMemo``).
    var zoneHours: ZoneHoursMemo
    /// Per memo of table keys (``TablePlan/keyMemo``): the key a table computed for this lead, valid where the stamp
    /// equals `generation`: its text, its UTF-8 bytes (``tableKeyRoom`` bytes of `tableKeyBytes` from
    /// `memo * tableKeyRoom`) and their count (``noKeyText`` when the key has no text, ``longKeyText`` when its bytes
    /// do not fit); a key of no text or an empty one as its value, for the trace (kept apart: copying a `Value` out to
    /// read its text cost an outlined copy and destroy per lookup). The text is made only when asked for
    /// (``tableKeyText(_:)``: a row found, a regex row, the trace) of a key kept as bytes: valid where
    /// `tableKeyTextStamps` equals `generation`.
    var tableKeyTexts: FixedArray<String>
    var tableKeyTextStamps: FixedArray<UInt32>
    var tableKeys: FixedArray<Value>
    var tableKeyStamps: FixedArray<UInt32>
    var tableKeyBytes: FixedArray<UInt8>
    var tableKeyLengths: FixedArray<Int>
    /// Room for a table key's bytes: a phone number's digits fit, a longer key is read from its text.
    static let tableKeyRoom = 32
    static let noKeyText = -1
    static let longKeyText = -2

    /// A proposed value for a field, and who proposed it.
    struct Candidate {
        var value: Value
        var writer: Int
        var precedence: Int
        var loadIndex: Int
        /// Which action or row of the writer proposed it: where it is written and the row record are made from
        /// this only for the fields the patch changes (through the program's ``ProvenanceTable``), not for every proposal.
        var origin: Origin
    }

    /// What in a writer proposed a value.
    enum Origin {
        /// The writer's action at this index.
        case action(Int)
        /// A table's row, found for this key.
        case row(Int, lookedUp: String)
        /// A table's row, found for a key not kept (no change is recorded: ``recordsChanges`` is off, nothing is
        /// traced). Holds no reference, so taking it from a candidate destroys nothing (a `.row` with an empty key went
        /// through the enum's outlined destroy, ~57 instructions).
        case unrecordedRow(Int)
        /// A decision table's winning row, and its record (what was looked up, made when the row matched).
        case decision(Int, TableRowRecord)
    }

    /// A built-in's answer for one input text, remembered for the lead.
    struct CallMemoEntry {
        let builtin: BuiltinFunction
        let input: String
        let output: Value
    }

    /// A built-in's answer for an input text kept as a slice, remembered for the lead.
    struct SliceMemoEntry {
        let builtin: BuiltinFunction
        let input: TextSlice
        let output: HeldValue

        /// Whether destroying the entry does nothing: its answer is a slice too (the built-in is a plain enum).
        var holdsNothing: Bool {
            @inline(__always) get {
                if case .text = output { return true }
                return false
            }
        }
    }

    /// One remembered `json(text, path)` answer (a struct, not a tuple: the array is emptied for every lead,
    /// and a tuple's elements are destroyed through the runtime's generic path).
    struct JSONMemoEntry {
        let text: HeldValue
        let path: String
        let value: Value
    }

    /// A `json()` path and its steps (`nil`: not a valid path).
    struct ParsedPath {
        let path: String
        let steps: [JSONPathStep]?
    }

    /// Whether a text read by `json()` is a JSON document (a struct for the reason of ``JSONMemoEntry``).
    struct JSONDocumentEntry {
        let text: HeldValue
        let isDocument: Bool
    }


    /// An error while evaluating one writer for one lead.
    struct Failure: Error {
        var message: String
    }

    init(program: Program) {
        self.program = program
        plan = EvaluationPlan(program)
        writerPlans = storage.make(plan.writers)
        outrankingFacts = storage.make(plan.outranking)
        writtenSlotList = storage.make(plan.writtenSlots)
        let fields = program.fieldKeys.count
        candidates = storage.make(repeating: nil, count: fields)
        touchedSlots = storage.make(repeating: 0, count: fields)
        holderRanks = storage.make(repeating: -1, count: fields)
        traceRecord = storage.make(repeating: WriterTrace(name: "", location: SourceLocation(path: "", line: 0, column: 0), precedence: 0,
                                                          outcome: .fired, writes: [], matches: []), count: 1)
        leadValues = storage.make(repeating: .value(.missing), count: fields)
        fieldNames = LeadFieldNames(fieldKeys: program.fieldKeys, readByText: Self.slotsReadByText(program.code))
        leadStamps = storage.make(repeating: 0, count: fields)
        fieldCallStamps = storage.make(repeating: 0, count: fields * Self.rememberedTextCount)
        fieldCallEntries = storage.make(repeating: 0, count: fields * Self.rememberedTextCount)
        writtenNumbers = storage.make(repeating: Self.noWrittenNumber, count: Self.writtenNumberRoom)
        candidateNumbers = storage.make(repeating: CandidateNumber(generation: 0, rank: -1, number: Self.noWrittenNumber), count: fields)
        leadConstants = storage.make(repeating: .value(.missing), count: program.leadConstantCount)
        texts = LeadTextBuffer(textStorage)
        oldTexts = OldTextStorage(table: program.provenance, capacity: 256)
        leadConstantStamps = storage.make(repeating: 0, count: program.leadConstantCount)
        slotOrder = program.fieldKeys.map(Patch.orderKey)
        patchSlots = program.slotFields.map(PatchSlot.init)
        writerNames = program.writers.map(\.name)
        prefilterSubjects = storage.make(repeating: LastSubject(), count: program.prefilters.count)
        prefilterConstantSlots = storage.make(repeating: -1, count: program.prefilters.count)
        prefilterConstantStamps = storage.make(repeating: 0, count: program.prefilters.count)
        prefilterHits = program.prefilters.map { [Bool](repeating: false, count: $0.literalCount) }
        prefilterPositions = [[LiteralPrefilter.Hit]](repeating: [], count: program.prefilters.count)
        prefilterPositionsKnown = storage.make(repeating: false, count: program.prefilters.count)
        let sets = program.regexSets.count
        regexSetCaches = storage.make(repeating: RegexSetCache(), count: sets)
        regexSetAutomata = storage.make(program.regexSets.map { $0.map(Unmanaged.passUnretained) })
        regexSetAnswers = storage.make(repeating: 0, count: sets)
        regexSetKnown = storage.make(repeating: false, count: sets)
        regexSetConstantSlots = storage.make(repeating: -1, count: sets)
        regexSetStamps = storage.make(repeating: 0, count: sets)
        regexSetSubjects = storage.make(repeating: LastSubject(), count: sets)
        tableKeyTexts = storage.make(repeating: "", count: plan.tableKeyMemos)
        tableKeyTextStamps = storage.make(repeating: 0, count: plan.tableKeyMemos)
        tableKeys = storage.make(repeating: .missing, count: plan.tableKeyMemos)
        tableKeyStamps = storage.make(repeating: 0, count: plan.tableKeyMemos)
        tableKeyBytes = storage.make(repeating: 0, count: plan.tableKeyMemos * Self.tableKeyRoom)
        tableKeyLengths = storage.make(repeating: Self.noKeyText, count: plan.tableKeyMemos)
        zoneHours = ZoneHoursMemo(tableZoneCounts: plan.tables.map { $0.table._withUnsafeGuaranteedRef { $0.zoneCount } })
    }

    /// Evaluates `lead` into ``results`` and returns it as an ``Evaluation``.
    mutating func evaluate(_ lead: Lead, now: Date, detail: EvaluationDetail) -> Evaluation {
        // The buffer is moved out while the core writes into it (`self` is being changed), and back after.
        var buffer = EvaluationBuffer()
        swap(&buffer, &results)
        evaluate(lead, now: now, detail: detail, into: &buffer)
        firedNames.removeAllKeepingCapacity()
        for index in buffer.firedWriters { firedNames.append(writerNames[index]) }
        let evaluation = buffer.evaluation(fired: firedNames)
        swap(&buffer, &results)
        return evaluation
    }

    /// Evaluates `lead` into `buffer`, which is emptied first (its storage kept).
    mutating func evaluate(_ lead: Lead, now: Date, detail: EvaluationDetail, into buffer: inout EvaluationBuffer) {
        withUnsafePointer(to: lead) { lead in evaluate(at: lead, now: now, detail: detail, into: &buffer) }
    }

    /// ``evaluate(_:now:detail:into:)`` of the lead at `leadAddress`, which the core reads there (``lead``) until the
    /// evaluation ends.
    private mutating func evaluate(at leadAddress: UnsafePointer<Lead>, now: Date, detail: EvaluationDetail,
                                  into buffer: inout EvaluationBuffer) {
        let leadId = leadAddress.pointee.id
        buffer.reset(leadId: leadId, fieldKeys: program.fieldKeys, writerNames: writerNames)
        // After the buffer's reset, which let its changes go.
        if !oldTexts.isEmpty { reuseOldTexts() }
        // Zones resolve at `now`: a time that is not finite has no offset, so nothing is evaluated.
        guard now.timeIntervalSince1970.isFinite else {
            buffer.errors.append(LeadError(leadId: leadId, message: Evaluation.nonFiniteNowMessage(now)))
            return
        }
        let trace = detail == .trace
        withMatches = detail != .patch && detail != .patchOnly
        let skipsOutranked = detail == .patchOnly
        // Provenance only when asked: at patch-only detail a change is its field and writer (``WrittenFieldList``).
        recordsChanges = detail != .patchOnly
        // The memos' elements destroyed in one pass each, their memory kept (``LeadMemo``).
        callMemo.removeAllKeepingCapacity()
        // Most answers are slices (no reference): those are forgotten, not destroyed one by one.
        sliceMemo.removeAllKeepingCapacity(leaving: \.pointee.holdsNothing)
        self.leadAddress = leadAddress
        // Its text read through pointers (``ResolvedLeadText``): binding the storage's text copied it (~94 instructions).
        if let text = leadAddress.pointee.textPointers() { leadText.resolve(text, names: fieldNames) } else { leadText.clear() }
        self.now = now
        // Only the candidates still there (the patch takes them when it records no matches): assigning `nil` over
        // an empty one still destroyed it through the runtime's generic witnesses.
        for slot in touched {
            holderRanks[slot] = -1
            if hasCandidate(slot) { candidates[slot] = nil }
        }
        touchedCount = 0
        generation &+= 1
        if generation == 0 {
            for i in leadStamps.indices { leadStamps[i] = 0 }
            for i in fieldCallStamps.indices { fieldCallStamps[i] = 0 }
            for i in writtenNumbers.indices { writtenNumbers[i] = Self.noWrittenNumber }
            for i in candidateNumbers.indices { candidateNumbers[i].generation = 0 }
            for i in leadConstantStamps.indices { leadConstantStamps[i] = 0 }
            for i in prefilterConstantStamps.indices { prefilterConstantStamps[i] = 0 }
            for i in regexSetStamps.indices { regexSetStamps[i] = 0 }
            for i in tableKeyStamps.indices { tableKeyStamps[i] = 0 }
            for i in tableKeyTextStamps.indices { tableKeyTextStamps[i] = 0 }
            generation = 1
        }
        texts.reset(generation: generation)
        jsonCache.removeAllKeepingCapacity()
        jsonDocuments.removeAllKeepingCapacity()
        for i in prefilterSubjects.indices { prefilterSubjects[i].forget() }
        for i in regexSetSubjects.indices { regexSetSubjects[i].forget() }
        answeredSubjects = 0
        recordMatches = trace
        if trace {
            runWritersTraced(into: &buffer)
        } else if skipsOutranked, runsTableFamilies, !plan.tableFamilies.isEmpty {
            runWritersWithFamilies(into: &buffer)
        } else {
            runWritersUntraced(skipsOutranked: skipsOutranked, into: &buffer)
        }
        buildPatch(into: &buffer)
        // The lead's text is read through pointers valid only while it is evaluated.
        leadText.clear()
        self.leadAddress = nil
    }

    /// Runs the writers of an untraced evaluation (a run's every lead): a loop of its own, without the traced loop's
    /// tests at every writer. At `skipsOutranked`, a writer whose proposals would all lose, and whose run cannot fail,
    /// is not run (``OutrankedWriters``); a writer whose first condition parts surely fail is not run, and the parts
    /// known to hold are not evaluated again (``knownParts(_:_:)``).
    ///
    /// The plan's per-writer facts are read through pointers (``writerPlans``, ``outrankingFacts``, ``writtenSlotList``:
    /// memory the core owns, so nothing is retained for the loop). Read through `plan` at every writer, each writer
    /// reloaded the arrays (the run before may have changed anything in the core, as far as the compiler knows), and a
    /// writer's ``WriterPlan`` was copied whole to read its precheck.
    mutating func runWritersUntraced(skipsOutranked: Bool, into buffer: inout EvaluationBuffer) {
        let writers = writerPlans.base, outranking = outrankingFacts.base, count = writerPlans.count
        let written = UnsafeBufferPointer(start: writtenSlotList.base, count: writtenSlotList.count)
        for index in 0..<count {
            if skipsOutranked {
                let facts = outranking + index
                if !facts.pointee.writes.isEmpty, isOutranked(facts, written: written) { continue }
            }
            let known = knownParts(index, writers + index)
            if known < 0 { continue }
            runUntraced(index, from: known, into: &buffer)
        }
    }

    /// ``runWritersUntraced(skipsOutranked:into:)`` at patch-only detail (outranked writers left unrun) for a program
    /// with families of tables (``TableFamilies``): each family run as one at its first member, unless it leaves its
    /// members to run one by one. (A loop of its own: the family's test in the loop of the other details cost them ~50
    /// instructions per evaluation.)
    mutating func runWritersWithFamilies(into buffer: inout EvaluationBuffer) {
        let first = writerPlans.base, outranking = outrankingFacts.base, count = writerPlans.count
        let written = UnsafeBufferPointer(start: writtenSlotList.base, count: writtenSlotList.count)
        var index = 0
        while index < count {
            let facts = outranking + index
            if facts.pointee.family >= 0 {
                let next = runTableFamily(facts.pointee.family, writers: first, into: &buffer)
                if next >= 0 {
                    index = next
                    continue
                }
            }
            defer { index &+= 1 }
            if !facts.pointee.writes.isEmpty, isOutranked(facts, written: written) { continue }
            let known = knownParts(index, first + index)
            if known < 0 { continue }
            runUntraced(index, from: known, into: &buffer)
        }
    }

    /// Runs writer `index` untraced from its condition part `known` (the ones before known to hold): a writer that
    /// fired is recorded in `buffer`, a failure becomes the lead's error naming the writer. (The two untraced loops'
    /// one body.)
    @inline(__always)
    mutating func runUntraced(_ index: Int, from known: Int, into buffer: inout EvaluationBuffer) {
        do throws(Failure) {
            // Untraced, nothing writes the record.
            if try run(index, from: known, record: &traceRecord[0], tracing: false) {
                buffer.appendFired(index)
            }
        } catch {
            let writer = program.writers[index]
            buffer.errors.append(LeadError(leadId: buffer.leadId, rule: writer.name, location: writer.location,
                                           message: error.message))
        }
    }

    /// Runs every writer for a traced evaluation, recording each one's outcome in `buffer`'s trace, then marks which
    /// proposals lost.
    ///
    /// The record a writer fills is the evaluator's own, written in place (``traceRecord``; making and destroying one
    /// per evaluation cost ~170 instructions).
    @inline(never)
    mutating func runWritersTraced(into buffer: inout EvaluationBuffer) {
        for index in plan.writers.indices {
            let writer = program.writers[index]
            traceRecord[0] = WriterTrace(name: writer.name, location: writer.location, precedence: writer.precedence,
                                         outcome: .fired, writes: [], matches: [])
            do {
                if try run(index, record: &traceRecord[0], tracing: true) {
                    buffer.appendFired(index)
                }
            } catch {
                buffer.errors.append(LeadError(leadId: buffer.leadId, rule: writer.name, location: writer.location, message: error.message))
                traceRecord[0].outcome = .failed(error.message)
            }
            traceRecord[0].matches = matches
            buffer.trace.append(traceRecord[0])
        }
        markWinners(&buffer.trace)
    }

    /// Empties ``oldTexts`` for the next lead, or, when a change a caller kept still refers to it, leaves it to the
    /// change and takes new memory (of its size, up to 4 KiB: one lead of long old values does not make every later one
    /// as large).
    @inline(__always)
    mutating func reuseOldTexts() {
        if isKnownUniquelyReferenced(&oldTexts) {
            oldTexts.removeAll()
        } else {
            oldTexts = OldTextStorage(table: program.provenance, capacity: Swift.min(oldTexts.capacity, 4096))
        }
    }

    /// How many of writer `index`'s first condition parts surely hold (``WriterPlan/precheck``, ``WriterPlan/prechecks`` of
    /// its plan at `facts`, read there rather than copied):
    /// its run starts after them (they read nothing the run changes, and cannot fail). -1 when one of them surely does
    /// not hold, all before it holding: then running the writer would return `false` and change nothing that a later
    /// writer reads (its `let` values and captures are its own, emptied by the next writer's
    /// ``begin(captureSlots:index:)``; no match is recorded untraced).
    @inline(__always)
    mutating func knownParts(_ index: Int, _ facts: UnsafePointer<WriterPlan>) -> Int {
        guard let holds = precheckTruth(facts.pointee.precheck, writer: index) else { return 0 }
        if !holds { return -1 }
        return facts.pointee.prechecks > 1 ? laterKnownParts(index, facts.pointee) : 1
    }

    /// ``knownParts(_:_:)`` after the first part held: the next parts that can be looked at, in order.
    @inline(never)
    mutating func laterKnownParts(_ index: Int, _ facts: WriterPlan) -> Int {
        var known = 1
        while known < facts.prechecks {
            guard let holds = precheckTruth(plan.partPrechecks[facts.conditions.lowerBound &+ known], writer: index) else { return known }
            if !holds { return -1 }
            known &+= 1
        }
        return known
    }

    /// What `check` says of a condition part of writer `index` before its run: whether it holds, `nil` when it cannot
    /// tell.
    @inline(__always)
    mutating func precheckTruth(_ check: WriterPlan.Precheck, writer index: Int) -> Bool? {
        switch check {
        case .none: return nil
        case let .status(id):
            // The write mask is the writer's (``statusIs(_:)`` and ``fieldPasses(_:_:)`` read it).
            currentWrites = index &* program.fieldKeys.count
            return statusIs(id)
        case let .field(slot, test, negated):
            currentWrites = index &* program.fieldKeys.count
            return fieldPasses(test, slot) != negated
        case let .mask(m):
            return maskTruth(m)
        case let .present(slot):
            currentWrites = index &* program.fieldKeys.count
            return fieldPasses(.missing, slot) ? false : nil
        }
    }

    /// The truth of the condition part decided by mask `m` (``EvaluationPlan/masks``): from the answer its regex set
    /// gave for the subject in this lead, the set run over the subject first when it has not (as
    /// ``match(_:subject:)`` reads and makes that answer); `nil` when the set cannot answer, when the subject's
    /// evaluation fails, or when matches are recorded (the part's regexes are then run, to fail or record).
    @inline(__always)
    mutating func maskTruth(_ m: Int) -> Bool? {
        guard !recordMatches else { return nil }
        let mask = plan.masks[m]
        let set = mask.set
        guard regexSetStamps[set] == generation, regexSetConstantSlots[set] == mask.subjectConstantSlot else { return readMaskTruth(mask) }
        return regexSetKnown[set] ? mask.holds(regexSetAnswers[set]) : nil
    }

    /// ``maskTruth(_:)`` when the set has not read the subject in this lead: the subject read and the set run over it.
    @inline(never)
    mutating func readMaskTruth(_ mask: MaskPlan) -> Bool? {
        let held: HeldValue
        do {
            held = try heldOperand(mask.subject)
        } catch {
            // Not the place to report it: the run evaluates the part and fails the same way, with the writer's name.
            return nil
        }
        // (No `answer.map(mask.holds)`: the method's closure, holding the mask, was allocated for every lead.)
        let answer: UInt64?
        switch held {
        case let .text(slice):
            answer = setAnswer(mask.set, mask.subjectConstantSlot, texts.bytes(slice), slice: slice, subject: nil)
        case let .value(value):
            // No text: every test answers as if its pattern did not match (``match(_:subject:)`` returns `negated`).
            guard var text = (consume value).takeText() else { return mask.holds(0) }
            let subject = text
            answer = text.withUTF8 { setAnswer(mask.set, mask.subjectConstantSlot, $0, slice: nil, subject: subject) }
        }
        guard let answer else { return nil }
        return mask.holds(answer)
    }

    /// The truth of a condition part whose root (``EvaluationPlan/conditionRoots``) is `root`: its mask's answer when
    /// known, else its instructions run.
    @inline(__always)
    mutating func partTruth(_ root: Int32) throws(Failure) -> Bool {
        guard root < 0 else { return try truth(root) }
        if let holds = maskTruth(Int(~root)) { return holds }
        return try truth(plan.masks[Int(~root)].root)
    }

    /// Prepares per-writer state: its write mask and empty capture slots (`captureSlots` of them).
    @inline(__always)
    mutating func begin(captureSlots: Int, index: Int) {
        localGeneration &+= 1
        if localGeneration == 0 { restartLocalGenerations() }
        currentWrites = index * program.fieldKeys.count
        if captureSlots > 0 || !matches.isEmpty { emptyCaptures(captureSlots) }
    }

    /// The local values' stamps zeroed when their generation wrapped around.
    @inline(never)
    mutating func restartLocalGenerations() {
        for i in localStamps.indices { localStamps[i] = 0 }
        localGeneration = 1
    }

    /// Empty capture slots (`count` of them) and no recorded match, for the next writer.
    @inline(never)
    mutating func emptyCaptures(_ count: Int) {
        if captures.count < count { captures = [String](repeating: "", count: count) }
        for slot in 0..<count where !captures[slot].isEmpty { captures[slot] = "" }
        if !matches.isEmpty { matches.removeAll(keepingCapacity: true) }
    }

    /// Runs writer `index`: its condition, then its actions or its table. Returns whether it fired.
    ///
    /// Reads the writer's plain facts (``EvaluationPlan``); the ``CompiledWriter`` only for what they leave out
    /// (tracing, a `move`'s statuses, a table).
    ///
    /// Only the condition is run here; the body, the trace of a failed part, are run by functions of their own (kept
    /// out of this one, which runs for every writer: their frames and spills made every call dearer).
    ///
    /// `known`: how many of the condition's first parts are known to hold (``knownParts(_:_:)``), not run again.
    mutating func run(_ index: Int, from known: Int = 0, record: inout WriterTrace, tracing: Bool) throws(Failure) -> Bool {
        // Read where the core keeps it (``writerPlans``), not copied whole (~14 instructions a run), and handed on by
        // pointer to ``runActions(_:_:record:tracing:)``.
        precondition(index >= 0 && index < writerPlans.count, "a writer of the plan")
        let facts = UnsafePointer(writerPlans.base + index)
        begin(captureSlots: facts.pointee.captureSlots, index: index)
        let conditions = facts.pointee.conditions
        precondition(conditions.upperBound <= plan.conditionRoots.count && plan.partSteps.count == plan.conditionRoots.count,
                     "a writer's condition is in the plan")
        var i = conditions.lowerBound &+ known
        while i < conditions.upperBound {
            let root = plan.conditionRoots.withUnsafeBufferPointer { $0[i] }
            // A part of `and`, `or`, `not` runs as its steps (``TruthStep``): the same leaves, without the connectives' frames.
            let steps = plan.partSteps.withUnsafeBufferPointer { $0[i] }
            if try !(steps >= 0 ? stepsTruth(steps) : partTruth(root)) {
                if tracing { try traceFailedCondition(index, part: i - conditions.lowerBound, record: &record) }
                return false
            }
            i &+= 1
        }
        switch facts.pointee.kind {
        case .actions: return try runActions(index, facts, record: &record, tracing: tracing)
        case .table: return try runTable(index, facts.pointee, record: &record, tracing: tracing)
        case .decision:
            guard case let .decision(table) = program.writers[index].body else { preconditionFailure("the plan's kind is the writer's") }
            return try decide(table, writer: facts.pointee, index: index, record: &record, tracing: tracing)
        }
    }

    /// For the trace: which part of writer `index`'s condition failed, and what it saw.
    @inline(never)
    mutating func traceFailedCondition(_ index: Int, part: Int, record: inout WriterTrace) throws(Failure) {
        let part = program.writers[index].condition[part]
        record.outcome = .conditionFailed(part: part.text, location: part.location, saw: try seenValue(part.expression))
    }

    /// A rule's actions (writer `index`, whose condition held). Returns whether it proposed a value.
    @inline(never)
    mutating func runActions(_ index: Int, _ writer: UnsafePointer<WriterPlan>, record: inout WriterTrace, tracing: Bool) throws(Failure) -> Bool {
        var proposed = false
        let actions = writer.pointee.actions
        for a in actions {
            let action = plan.actions[a]
            let i = a - actions.lowerBound
            switch action.kind {
            case .write:
                let before = holderRanks[action.slot]
                let value: Value
                if !tracing, leadText.isText, case let .call(builtin, start, count) = program.code.instructions[Int(action.expression)],
                   Self.isRememberedText(builtin) {
                    // A remembered text function (`phone_rest(phone)`) as ``call(_:start:count:)`` answers it, looked at
                    // as it is kept first: an empty text proposes nothing (``propose`` refuses it, and untraced records
                    // nothing), so its `String` is not made, tested and destroyed.
                    let held = try heldCall(builtin, start: Int(start), count: Int(count))
                    if case let .text(slice) = held, slice.count == 0 { continue }
                    value = texts.value(of: held)
                } else {
                    value = try operand(action.expression)
                }
                proposed = propose(action.slot, consume value, mode: action.mode, writer: writer.pointee, index: index,
                                   origin: .action(i), record: &record, tracing: tracing) || proposed
                // A `concat("+", phone_first(…))` that noted its number (``joinNoted``: its call was this operand's last
                // step) is a written number: when it became the field's proposal, its phone readings are known by slot
                // (``candidateNumbers``) without the first reading's copy and compare (``candidatePhoneCall(_:slot:)``).
                if joinNoted, isJoinOfTwo(action.expression) { noteWrittenProposal(action.slot, before: before, writer: index) }
            case .clear:
                proposed = propose(action.slot, .clear, mode: .set, writer: writer.pointee, index: index, origin: .action(i),
                                   record: &record, tracing: tracing) || proposed
            case .move:
                // The status's id among the ids whose code the move names (``EvaluationPlan/moveFromIds``): the same
                // answer as its code (``statusCode()``) in the move's `Set` of codes, without the code's `String`
                // and the set's hashing (~290 instructions a move).
                guard case let .int(id) = read(program.statusSlot), movesFrom(id, action.moveFrom) else {
                    if tracing { record.outcome = .statusDidNotMatch(current: statusCode() ?? "(none)") }
                    continue
                }
                proposed = propose(program.statusSlot, .int(action.toId), mode: .set, writer: writer.pointee, index: index,
                                   origin: .action(i), record: &record, tracing: tracing) || proposed
            }
        }
        return proposed
    }

    /// Whether status `id` is one of the ids ``EvaluationPlan/moveFromIds`` `[range]` (a move's statuses to move from).
    @inline(__always)
    func movesFrom(_ id: Int, _ range: Range<Int>) -> Bool {
        plan.moveFromIds.withUnsafeBufferPointer { ids in
            precondition(range.upperBound <= ids.count, "a move's statuses are in the plan")
            for i in range where ids[i] == id { return true }
            return false
        }
    }

    /// A table (writer `index`, whose condition held): its key looked up. Returns whether it proposed a value.
    ///
    /// The key comes from its memo (``tableKey(_:)``), and the trie walks the bytes kept there: the key's `String` is
    /// copied out only for a row found (the origin names it), a table with regex rows, a key too long for the room.
    @inline(never)
    mutating func runTable(_ index: Int, _ facts: WriterPlan, record: inout WriterTrace, tracing: Bool) throws(Failure) -> Bool {
        // The plan's facts, and the table itself only for the lookup and the row's value, without retaining it.
        let plan = plan.tables[facts.table]
        let memo = plan.keyMemo
        try tableKey(plan)
        let length = tableKeyLengths[memo]
        // No text, or an empty one: no row.
        if length == Self.noKeyText || length == 0 {
            if tracing { record.outcome = .noRow(lookedUp: describe(tableKeys[memo])) }
            return false
        }
        let row: Int?
        if length > 0, !plan.matcher._withUnsafeGuaranteedRef({ $0.needsText }) {
            let bytes = UnsafeBufferPointer(start: tableKeyBytes.address(memo &* Self.tableKeyRoom), count: length)
            row = plan.matcher._withUnsafeGuaranteedRef { $0.walk(bytes) }
        } else {
            let key = tableKeyText(memo)
            do {
                row = try plan.matcher._withUnsafeGuaranteedRef { matcher throws(PCRE2Error) in try matcher.lookup(key, scratch: scratch) }
            } catch {
                throw Failure(message: "\(error)")
            }
        }
        guard let row else {
            if tracing { record.outcome = .noRow(lookedUp: tableKeyText(memo)) }
            return false
        }
        // What was looked up is provenance (the change's row): not made when the patch records no changes.
        let key = recordsChanges || tracing ? tableKeyText(memo) : ""
        if tracing { record.row = plan.table._withUnsafeGuaranteedRef { $0.rowRecord(row, lookedUp: key) } }
        let value = plan.table._withUnsafeGuaranteedRef { $0.values[row] }
        return propose(plan.slot, consume value, mode: plan.mode, writer: facts, index: index,
                       origin: recordsChanges || tracing ? .row(row, lookedUp: key) : .unrecordedRow(row),
                       record: &record, tracing: tracing)
    }

    /// The key of table `plan` for this lead in its memo: the one another table of the same key computed, when the
    /// table may read it (``TableKeySharing``), else computed and remembered, its text's bytes with it. A failure is
    /// not remembered.
    @inline(__always)
    mutating func tableKey(_ plan: TablePlan) throws(Failure) {
        let memo = plan.keyMemo
        if plan.reusesKey, tableKeyStamps[memo] == generation { return }
        if plan.keyIsLeadConstant, leadText.isText { return try leadConstantTableKey(plan) }
        try rememberTableKey(memo, textOperand(plan.keyExpression))
        tableKeyStamps[memo] = generation
    }

    /// ``tableKey(_:)`` of a key that is a lead-wide value (`phone_first(phone)` of a phone no writer writes) of a lead
    /// read as text: taken as it is kept (a slice), not made a `String` (as ``operand(_:)`` would) to be copied here.
    /// Out of line: inlined, it made every table's run dearer.
    @inline(never)
    mutating func leadConstantTableKey(_ plan: TablePlan) throws(Failure) {
        try rememberTableKey(plan.keyMemo, heldOperand(plan.keyExpression))
        tableKeyStamps[plan.keyMemo] = generation
    }

    /// ``tableKey(_:)``: `key` kept in memo `memo` (as text, its bytes, their count; or as its value).
    @inline(__always)
    mutating func rememberTableKey(_ memo: Int, _ key: consuming HeldValue) {
        switch consume key {
        case let .text(slice):
            // A slice (`phone_first(phone)` of a lead read as text): its bytes copied where they lie, the `String` made
            // only when asked for.
            let count = slice.count
            if count == 0 {
                tableKeyLengths[memo] = 0
                tableKeys[memo] = .string("")
            } else if count <= Self.tableKeyRoom {
                tableKeyBytes.address(memo &* Self.tableKeyRoom).update(from: texts.bytes(slice).baseAddress.unsafelyUnwrapped, count: count)
                tableKeyLengths[memo] = count
                // Its text is not kept (0 is no lead's generation): a text kept earlier in this lead is another key's.
                tableKeyTextStamps[memo] = 0
            } else {
                tableKeyLengths[memo] = Self.longKeyText
                tableKeyTexts[memo] = texts.string(slice)
                tableKeyTextStamps[memo] = generation
            }
        case let .value(value):
            let keyText = value.text
            if var text = keyText, !text.isEmpty {
                tableKeyLengths[memo] = text.withUTF8 { bytes in
                    guard bytes.count <= Self.tableKeyRoom, let source = bytes.baseAddress else { return Self.longKeyText }
                    tableKeyBytes.address(memo &* Self.tableKeyRoom).update(from: source, count: bytes.count)
                    return bytes.count
                }
                tableKeyTexts[memo] = text
                tableKeyTextStamps[memo] = generation
            } else {
                tableKeyLengths[memo] = keyText == nil ? Self.noKeyText : 0
                tableKeys[memo] = value
            }
        }
    }

    /// The text of the table key in memo `memo` (computed for this lead, with text): kept, or made of its bytes.
    mutating func tableKeyText(_ memo: Int) -> String {
        if tableKeyTextStamps[memo] != generation {
            let bytes = UnsafeBufferPointer(start: tableKeyBytes.address(memo &* Self.tableKeyRoom), count: tableKeyLengths[memo])
            tableKeyTexts[memo] = String(checkedUTF8: bytes)
            tableKeyTextStamps[memo] = generation
        }
        return tableKeyTexts[memo]
    }

    /// Offers a value for a field; the higher precedence (then the earlier writer) keeps it.
    /// Returns whether the writer proposed anything: a `fill` on a non-empty field does not, and
    /// neither does an empty value (``Value/isEmptyForWriting``): only `clear` (``Value/clear``)
    /// empties a field, so an empty value neither writes nor takes the field from another writer.
    /// Every `set`, `fill`, table row and `move` comes through here.
    ///
    /// The value and origin are taken (`consuming`), and moved into the candidate: borrowed, each was copied into it
    /// (an outlined copy and a retain) and the caller's destroyed (an outlined destroy and a release).
    mutating func propose(_ slot: Int, _ value: consuming Value, mode: WriteMode, writer: WriterPlan, index: Int,
                          origin: consuming Origin, record: inout WriterTrace, tracing: Bool) -> Bool {
        // The field's key is read only where it is needed (tracing, people's edits): reading it retained and released
        // its text for every proposal.
        if value.isEmptyForWriting {
            if tracing {
                record.writes.append(.init(field: program.fieldKeys[slot], value: describe(value), won: false,
                                           note: WriterTrace.emptyValueNote, proposed: false))
            }
            return false
        }
        if mode == .fill, !heldLeadValue(slot).isEmpty {
            if tracing {
                record.writes.append(.init(field: program.fieldKeys[slot], value: describe(value), won: false,
                                           note: "kept: the lead already has a value", proposed: false))
            }
            return false
        }
        if !edited.isEmpty, !writer.overridesEdits, let reason = edited.reasons[program.fieldKeys[slot]] {
            if tracing {
                record.writes.append(.init(field: program.fieldKeys[slot], value: describe(value), won: false,
                                           note: EditedFields.note(reason), proposed: false))
            }
            return false
        }
        if tracing {
            record.writes.append(.init(field: program.fieldKeys[slot], value: describe(value), won: true, note: nil, proposed: true))
        }
        // The holder's precedence and load index are read in place: reading `candidates[slot]` copied the optional
        // candidate (its value and origin) and destroyed the copy, by the runtime's generic witnesses.
        let candidate = candidates.address(slot)
        if let precedence = candidate.pointee?.precedence, let loadIndex = candidate.pointee?.loadIndex {
            let better = writer.precedence > precedence || (writer.precedence == precedence && writer.loadIndex < loadIndex)
            guard better else { return true }
            candidate.pointee = Candidate(value: consume value, writer: index, precedence: writer.precedence,
                                          loadIndex: writer.loadIndex, origin: consume origin)
            holderRanks[slot] = plan.outranking[index].rank
        } else {
            touchedSlots[touchedCount] = slot
            touchedCount &+= 1
            // The slot holds no candidate, so nothing to destroy: the new one is initialized over it (assigning
            // destroyed the empty optional through the generic witnesses, ~60 instructions).
            candidate.initialize(to: Candidate(value: consume value, writer: index, precedence: writer.precedence,
                                               loadIndex: writer.loadIndex, origin: consume origin))
            holderRanks[slot] = plan.outranking[index].rank
        }
        return true
    }

    /// After all writers ran: mark in the trace which proposals lost, and to whom.
    mutating func markWinners(_ traces: inout [WriterTrace]) {
        for index in traces.indices {
            for w in traces[index].writes.indices where traces[index].writes[w].won {
                let field = traces[index].writes[w].field
                guard let slot = program.fieldKeys.firstIndex(of: field) else { continue }
                if let winner = candidates[slot], winner.writer != index {
                    traces[index].writes[w].won = false
                    traces[index].writes[w].note = "lost to \"\(program.writers[winner.writer].name)\" (precedence \(winner.precedence))"
                }
            }
        }
    }

    /// The regex matches of a writer's condition, for provenance: the condition is run again with
    /// recording on. It sees the same values as the first time (every field it reads was final
    /// before it ran), so it matches the same way.
    mutating func matchesOf(_ writerIndex: Int) -> [RegexMatchRecord] {
        let facts = plan.writers[writerIndex]
        guard !facts.conditions.isEmpty else { return [] }
        let saved = recordMatches
        recordMatches = true
        defer { recordMatches = saved }
        begin(captureSlots: facts.captureSlots, index: writerIndex)
        for i in facts.conditions {
            guard (try? partTruth(plan.conditionRoots[i])) == true else { break }
        }
        return matches
    }

    // MARK: Reading fields

    /// The value a writer sees for a field: what an earlier writer inferred, unless the writer
    /// writes that field itself (then the lead's own value).
    mutating func read(_ slot: Int) -> Value {
        if !program.writeMasks[currentWrites + slot] {
            // Only the value is copied out, in place (reading `candidates[slot]` copied the optional candidate, its
            // origin too, and destroyed the copy by the runtime's generic witnesses).
            let held = candidates.withUnsafeBufferPointer { buffer -> Value? in
                precondition(slot < buffer.count, "field slot \(slot) out of \(buffer.count)")
                return (buffer.baseAddress.unsafelyUnwrapped + slot).pointee?.value
            }
            if let held {
                if case .clear = held { return .missing }
                if case let .zone(zone) = held { return .int(Self.hours(of: zone, at: now)) }
                return held
            }
        }
        return leadValue(slot)
    }

    /// Whether field `slot` has a candidate (looked at in place: no copy of it).
    @inline(__always)
    func hasCandidate(_ slot: Int) -> Bool {
        if case .none = candidates[slot] { return false }
        return true
    }

    /// The lead's own value for a field slot (read once per lead: ``decodeLeadValue(_:)``), as a ``Value``: a text
    /// kept as a slice becomes a `String` here, kept in its place for the rest of the lead.
    @inline(__always)
    mutating func leadValue(_ slot: Int) -> Value {
        switch heldLeadValue(slot) {
        case let .value(value): return value
        case let .text(slice):
            let value = Value.string(texts.string(slice))
            leadValues[slot] = .value(value)
            return value
        }
    }

    /// The lead's own value for a field slot as it is kept: a string field as a ``TextSlice``.
    @inline(__always)
    mutating func heldLeadValue(_ slot: Int) -> HeldValue {
        if leadStamps[slot] == generation { return leadValues[slot] }
        return decodeLeadValue(slot)
    }

    /// The lead's own value for a field slot, decoded from the lead and kept for the rest of the lead.
    @inline(never)
    mutating func decodeLeadValue(_ slot: Int) -> HeldValue {
        let value = leadValueDecoded(slot)
        leadStamps[slot] = generation
        let place = leadValues.address(slot)
        if case let .text(slice) = value {
            // A slice (most of a lead read as text) written without the held value's outlined copy, and over an
            // earlier lead's slice without its outlined destroy: neither holds a reference.
            if place.pointee.holdsNothing { place.initialize(to: .text(slice)) } else { place.pointee = .text(slice) }
            return .text(slice)
        }
        if case let .value(.int(integer)) = value {
            // An integer (a status id, a priority) the same way: made again from its payload, not copied.
            if place.pointee.holdsNothing { place.initialize(to: .value(.int(integer))) } else { place.pointee = .value(.int(integer)) }
            return .value(.int(integer))
        }
        if case .value(.missing) = value {
            // A field the lead lacks or holds as `null` (about two a lead) the same way.
            if place.pointee.holdsNothing { place.initialize(to: .value(.missing)) } else { place.pointee = .value(.missing) }
            return .value(.missing)
        }
        place.pointee = value
        return value
    }

    /// ``decodeLeadValue(_:)`` without the value returned: kept in ``leadValues`` (stamped), read there by the caller
    /// (the patch: the copy returned was an outlined copy and destroy, and a retain and release of a text).
    @inline(never)
    mutating func storeLeadValue(_ slot: Int) {
        let value = leadValueDecoded(slot)
        leadStamps[slot] = generation
        // A slice or an integer over a value that holds nothing: written without the outlined copy and destroy (as
        // ``decodeLeadValue(_:)``).
        let place = leadValues.address(slot)
        if place.pointee.holdsNothing {
            if case let .text(slice) = value { return place.initialize(to: .text(slice)) }
            if case let .value(.int(integer)) = value { return place.initialize(to: .value(.int(integer))) }
        }
        place.pointee = value
    }

    /// The lead's own value for a field slot, decoded from the lead.
    ///
    /// A lead read as text: from where the slot's name was found in it (``ResolvedLeadText``), the common values made
    /// without a `JSONValue` between; `Value(leadJSON(_:of:))` otherwise, which it equals.
    @inline(__always)
    mutating func leadValueDecoded(_ slot: Int) -> HeldValue {
        let name = fieldNames.slots[slot]
        if leadText.isText, !name.isCustomValue {
            // A string is copied into the lead's text memory (a slice), not made a `String`.
            return leadText.heldValue(ofName: Int(name.name), texts: &texts, storage: textStorage, readingText: name.isReadByText)
        } else if leadText.isText, let key = program.slotFields[slot].customValueKey {
            return .value(Value(leadText.json(ofName: Int(name.name))?[key]))
        } else {
            // Read where the caller holds the lead (``lead`` would copy it).
            return .value(Value(Self.leadJSON(program.slotFields[slot], of: leadAddress.unsafelyUnwrapped)))
        }
    }

    /// The field slots whose fields `text()` reads (`text(sourceComment)`): their text is read while it is copied
    /// (``LeadFieldNames/SlotName/isReadByText``).
    static func slotsReadByText(_ code: ExpressionCode) -> Set<Int> {
        var slots: Set<Int> = []
        for instruction in code.instructions {
            guard case let .call(.text, start, count) = instruction, count > 0,
                  case let .field(slot) = code.instructions[Int(code.operands[Int(start)])] else { continue }
            slots.insert(Int(slot))
        }
        return slots
    }

    mutating func statusCode() -> String? {
        guard case let .int(id) = read(program.statusSlot) else { return nil }
        return program.statusCodes.code(for: id)
    }

    /// Whole hours east of UTC at `date`, rounded down for fractional zones (see the language reference).
    static func hours(of zone: TimeZone, at date: Date) -> Int {
        Int((Double(zone.secondsFromGMT(for: date)) / 3600).rounded(.down))
    }

    func describe(_ value: Value) -> String {
        switch value {
        case .missing: return "(missing)"
        case .clear: return "(clear)"
        case let .string(s) where !s.isEmpty && JSONValue.isBlank(s):
            // Blank text shows nothing: name its characters.
            return "\"" + s.unicodeScalars.map { String(format: "\\u{%04X}", $0.value) }.joined() + "\""
        // Somebody's text: control and format characters made visible (`\x1B`), as everywhere a lead's text is printed.
        case let .string(s): return "\"\(LogSafeText.printable(s))\""
        case let .zone(zone): return "zone(\"\(zone.identifier)\") = \(Self.hours(of: zone, at: now))"
        default: return value.text ?? "(missing)"
        }
    }
}
