import BenchSupport
import Foundation
import LeadEngine

/// Engine benchmarks (release builds only). Usage:
///   engine-bench generate LEADS_FILE COUNT        write COUNT realistic leads as JSON Lines
///   engine-bench ruleset DIR ROWS                 write a representative ruleset with a ROWS-row table
///   engine-bench evaluate RULES_DIR LEADS_FILE [LIMIT [lazy]]   load time, then evaluation alone on one core
///                                                 (`lazy`: leads read with Lead(checkedText:), so evaluation
///                                                 includes decoding the fields it reads)
///   engine-bench compare RULES_DIR LEADS_FILE     each lead evaluated fast (patch detail: literal scans, anchored
///                                                 tries, memos) and with a trace (every regex searched in full):
///                                                 counts leads whose patches differ (exit 1 if any)
///   engine-bench read RULES_DIR LEADS_FILE [tree|record]   reading leads and writing output lines (ReadBenchmark)
let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    print("usage: engine-bench generate FILE COUNT | ruleset DIR ROWS | evaluate RULES_DIR LEADS_FILE [LIMIT]")
    exit(2)
}
let now = Date(timeIntervalSince1970: 1_764_057_600)
func milliseconds(_ start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }

switch arguments[1] {
case "generate":
    try LeadGenerator.write(count: Int(arguments[3]) ?? 1_000_000, to: arguments[2])
case "ruleset":
    try RulesetGenerator.write(rows: Int(arguments[3]) ?? 16_000, commentRules: 30, to: arguments[2])
case "compare":
    let engine = try Engine(directory: arguments[2])
    let fast = engine.makeEvaluator(), full = engine.makeEvaluator()
    var compared = 0, different = 0
    let data = try Data(contentsOf: URL(fileURLWithPath: arguments[3]))
    for line in data.split(separator: 10) where line.count > 1 {
        let lead = try Lead(json: try [UInt8](line).withUnsafeBufferPointer { try JSONParser.parse($0) })
        let a = fast.evaluate(lead, now: now, detail: .patch), b = full.evaluate(lead, now: now, detail: .trace)
        compared += 1
        if a.patch.jsonBody() != b.patch.jsonBody() || a.changes.map(\.rule) != b.changes.map(\.rule) {
            different += 1
            if different <= 5 { print("lead \(lead.id): \(a.patch.jsonBody()) vs \(b.patch.jsonBody())") }
        }
    }
    print("compared \(compared) leads: \(different) with different patches or writers")
    exit(different == 0 ? 0 : 1)
case "read":
    try ReadBenchmark.run(rules: arguments[2], file: arguments[3], mode: arguments.count > 4 ? arguments[4] : "record")
case "evaluate":
    let limit = arguments.count > 4 ? Int(arguments[4]) ?? 200_000 : 200_000
    var start = DispatchTime.now().uptimeNanoseconds
    let engine = try Engine(directory: arguments[2])
    print(String(format: "load + check + compile: %.1f ms", milliseconds(start)))
    // Read the leads first: this measures evaluation alone.
    var leads: [Lead] = []
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: arguments[3]))
    let data = try handle.read(upToCount: limit * 1_000) ?? Data()
    for line in data.split(separator: 10).prefix(limit) where line.count > 1 {
        let bytes = [UInt8](line)
        if arguments.count > 5, arguments[5] == "lazy", let lead = Lead(checkedText: bytes) {
            leads.append(lead)
            continue
        }
        let json = try bytes.withUnsafeBufferPointer { buffer in try JSONParser.parse(buffer) }
        leads.append(try Lead(json: json))
    }
    let evaluator = engine.makeEvaluator()
    var patched = 0
    // Warm-up at the measured detail, so that a profile of every evaluation (callgrind) counts 4 alike per lead.
    for lead in leads.prefix(10_000) { _ = evaluator.evaluate(lead, now: now, detail: .patch) }
    var best = Double.infinity
    for _ in 0..<3 {
        patched = 0
        start = DispatchTime.now().uptimeNanoseconds
        for lead in leads where !evaluator.evaluate(lead, now: now, detail: .patch).patch.isEmpty { patched += 1 }
        best = min(best, milliseconds(start))
    }
    let perSecond = Double(leads.count) / (best / 1000)
    print(String(format: "evaluated %d leads on one core: best of 3 %.1f ms, %.0f ns/lead, %.0f leads/s; %d patched",
                 leads.count, best, best * 1e6 / Double(leads.count), perSecond, patched))
default:
    print("unknown command \(arguments[1])")
    exit(2)
}
