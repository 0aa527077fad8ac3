import BenchSupport
import Foundation
import LeadEngine

/// Engine benchmarks (release builds only). Usage:
///   engine-bench generate LEADS_FILE COUNT        write COUNT realistic leads as JSON Lines
///   engine-bench ruleset DIR ROWS                 write a representative ruleset with a ROWS-row table
///   engine-bench evaluate RULES_DIR LEADS_FILE [LIMIT] [evaluation|buffer] [eager|lazy] [patch|patch-only]
///                                                 load time, then evaluation alone on one core, through
///                                                 `evaluate(_:now:detail:)` (an Evaluation per lead, the default) or
///                                                 `evaluate(_:now:detail:into:)` (one EvaluationBuffer reused);
///                                                 `lazy`: leads read with Lead(checkedText:), so evaluation
///                                                 includes decoding the fields it reads; at patch detail (the
///                                                 default) or `patch-only` (writers that cannot change the patch
///                                                 not run, as `enrich run` evaluates)
///   engine-bench compare RULES_DIR LEADS_FILE     each lead evaluated fast (patch detail: literal scans, anchored
///                                                 tries, memos), at patch-only detail (outranked writers not run)
///                                                 and with a trace (every regex searched in full): counts leads
///                                                 whose patches, writers or errors differ (exit 1 if any)
///   engine-bench read RULES_DIR LEADS_FILE [tree|record]   reading leads and writing output lines (ReadBenchmark)
///   engine-bench load RULES_DIR [REPEATS]        loading a pack, by phase (LoadBenchmark): best of REPEATS
///
/// A file that cannot be read or a line that is no lead is an error naming it (`FILE:LINE: ...`), on standard error,
/// and the exit code is 1; a wrong usage exits with 2.
let arguments = CommandLine.arguments
/// Writes `message` and a line feed to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
guard arguments.count >= 4 || (arguments.count >= 3 && arguments[1] == "load") else {
    printError("usage: engine-bench generate FILE COUNT | ruleset DIR ROWS | evaluate RULES_DIR LEADS_FILE [LIMIT] [evaluation|buffer] "
               + "[eager|lazy] [patch|patch-only] | compare RULES_DIR LEADS_FILE | read RULES_DIR LEADS_FILE [tree|record] | load RULES_DIR [REPEATS]")
    exit(2)
}

/// An error of the command: what it says is the whole message.
struct BenchError: Error, CustomStringConvertible {
    let description: String
}

/// The bytes of `file` (its first `limit` bytes when given); an error names the file.
func contents(of file: String, limit: Int? = nil) throws -> Data {
    guard let handle = FileHandle(forReadingAtPath: file) else {
        throw BenchError(description: "\(file): error: cannot open the file (\(String(cString: strerror(errno))))")
    }
    defer { try? handle.close() }
    do {
        return try (limit.map { try handle.read(upToCount: $0) } ?? handle.readToEnd()) ?? Data()
    } catch {
        throw BenchError(description: "\(file): error: cannot read the file: \(error.localizedDescription)")
    }
}

/// The lead on line `number` (from 1) of `file`, read as `evaluate`'s reading or `compare` reads it (`lazily`: as
/// `enrich run` reads JSON Lines); an error names the file and line.
func lead(_ bytes: [UInt8], lazily: Bool, file: String, line number: Int) throws -> Lead {
    if lazily, let lead = Lead(checkedText: bytes) { return lead }
    do {
        return try Lead(json: try bytes.withUnsafeBufferPointer { buffer in try JSONParser.parse(buffer) })
    } catch {
        throw BenchError(description: "\(file):\(number): error: no lead: \(error)")
    }
}
let now = Date(timeIntervalSince1970: 1_764_057_600)
/// Whether the buffer pass asks for the next lead's memory before evaluating each (``Lead/prefetch()``), as
/// `enrich run`'s workers do; `ENGINE_BENCH_PREFETCH=0` measures without (the leads of a 200k-lead file are scattered
/// over ~130 MB: each evaluation's first reads of its lead waited for memory).
let prefetching = ProcessInfo.processInfo.environment["ENGINE_BENCH_PREFETCH"] != "0"
func milliseconds(_ start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }

/// The evaluation API `evaluate` measures.
enum EvaluationAPI: String {
    /// `evaluate(_:now:detail:)`: an ``Evaluation`` per lead, dropped after its patch is looked at.
    case evaluation
    /// `evaluate(_:now:detail:into:)`: every lead into one ``EvaluationBuffer``.
    case buffer
}

/// Evaluates `leads` at `detail` through `api`; returns how many patches are not empty. Not inlined: a profile
/// counts what a caller pays per lead (the call, looking at the result, letting it go) by this function
/// (scripts/instructions-per-evaluation.sh).
@inline(never)
func evaluationPass(_ leads: ArraySlice<Lead>, _ evaluator: Evaluator, api: EvaluationAPI, detail: EvaluationDetail,
                    buffer: inout EvaluationBuffer) -> Int {
    var patched = 0
    switch api {
    case .evaluation:
        var index = leads.startIndex
        while index < leads.endIndex {
            if prefetching, index + 1 < leads.endIndex { leads.withUnsafeBufferPointer { $0[index + 1 - leads.startIndex].prefetch() } }
            if !evaluator.evaluate(leads[index], now: now, detail: detail).patch.isEmpty { patched += 1 }
            index += 1
        }
    case .buffer:
        var index = leads.startIndex
        while index < leads.endIndex {
            if prefetching, index + 1 < leads.endIndex { leads.withUnsafeBufferPointer { $0[index + 1 - leads.startIndex].prefetch() } }
            evaluator.evaluate(leads[index], now: now, detail: detail, into: &buffer)
            if !buffer.patch.isEmpty { patched += 1 }
            index += 1
        }
    }
    return patched
}

/// Runs the command the arguments name.
func runCommand() throws {
switch arguments[1] {
case "generate":
    try LeadGenerator.write(count: Int(arguments[3]) ?? 1_000_000, to: arguments[2])
case "ruleset":
    try RulesetGenerator.write(rows: Int(arguments[3]) ?? 16_000, commentRules: 30, to: arguments[2])
case "compare":
    let engine = try Engine(directory: arguments[2])
    let fast = engine.makeEvaluator(), full = engine.makeEvaluator(), patchOnly = engine.makeEvaluator()
    var compared = 0, different = 0
    let data = try contents(of: arguments[3])
    for (index, line) in data.split(separator: 10, omittingEmptySubsequences: false).enumerated() where line.count > 1 {
        let lead = try lead([UInt8](line), lazily: false, file: arguments[3], line: index + 1)
        let a = fast.evaluate(lead, now: now, detail: .patch), b = full.evaluate(lead, now: now, detail: .trace)
        let p = patchOnly.evaluate(lead, now: now, detail: .patchOnly)
        compared += 1
        if a.patch.jsonBody() != b.patch.jsonBody() || a.changes.map(\.rule) != b.changes.map(\.rule) || a.errors != b.errors
            || p.patch != a.patch || !p.changes.isEmpty || p.writtenFields != a.changes.map(\.writtenField)
            || a.writtenFields != p.writtenFields || p.errors != a.errors {
            different += 1
            if different <= 5 { print("lead \(lead.id): \(a.patch.jsonBody()) vs \(b.patch.jsonBody())") }
        }
    }
    print("compared \(compared) leads: \(different) with different patches or writers")
    exit(different == 0 ? 0 : 1)
case "load":
    try LoadBenchmark.run(rules: arguments[2], repeats: arguments.count > 3 ? Int(arguments[3]) ?? 10 : 10)
case "read":
    try ReadBenchmark.run(rules: arguments[2], file: arguments[3], mode: arguments.count > 4 ? arguments[4] : "record")
case "evaluate":
    let limit = arguments.count > 4 ? Int(arguments[4]) ?? 200_000 : 200_000
    guard let api = EvaluationAPI(rawValue: arguments.count > 5 ? arguments[5] : "evaluation") else {
        printError("the API is evaluation or buffer, not \(arguments[5])")
        exit(2)
    }
    let lazily: Bool
    switch arguments.count > 6 ? arguments[6] : "eager" {
    case "eager": lazily = false
    case "lazy": lazily = true
    default:
        printError("the reading is eager or lazy, not \(arguments[6])")
        exit(2)
    }
    let detail: EvaluationDetail
    switch arguments.count > 7 ? arguments[7] : "patch" {
    case "patch": detail = .patch
    case "patch-only": detail = .patchOnly
    default:
        printError("the detail is patch or patch-only, not \(arguments[7])")
        exit(2)
    }
    var start = DispatchTime.now().uptimeNanoseconds
    let engine = try Engine(directory: arguments[2])
    print(String(format: "load + check + compile: %.1f ms", milliseconds(start)))
    // Read the leads first: this measures evaluation alone.
    var leads: [Lead] = []
    let data = try contents(of: arguments[3], limit: limit * 1_000)
    for (index, line) in data.split(separator: 10, omittingEmptySubsequences: false).enumerated() where line.count > 1 {
        guard leads.count < limit else { break }
        leads.append(try lead([UInt8](line), lazily: lazily, file: arguments[3], line: index + 1))
    }
    let evaluator = engine.makeEvaluator()
    var buffer = EvaluationBuffer()
    var patched = 0
    // Warm-up at the measured detail, so that a profile of every evaluation (callgrind) counts 4 alike per lead.
    _ = evaluationPass(leads.prefix(10_000), evaluator, api: api, detail: detail, buffer: &buffer)
    var best = Double.infinity
    for _ in 0..<3 {
        start = DispatchTime.now().uptimeNanoseconds
        patched = evaluationPass(leads[...], evaluator, api: api, detail: detail, buffer: &buffer)
        best = min(best, milliseconds(start))
    }
    let perSecond = Double(leads.count) / (best / 1000)
    print(String(format: "evaluated %d leads on one core (\(api.rawValue), \(arguments.count > 7 ? arguments[7] : "patch")): best of 3 %.1f ms, %.0f ns/lead, %.0f leads/s; %d patched",
                 leads.count, best, best * 1e6 / Double(leads.count), perSecond, patched))
default:
    printError("unknown command \(arguments[1])")
    exit(2)
}
}

do {
    try runCommand()
} catch {
    printError("engine-bench: \(error)")
    exit(1)
}
