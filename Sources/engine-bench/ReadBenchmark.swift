import Foundation
import LeadEngine
import LeadStream

/// `engine-bench read RULES_DIR LEADS_FILE [tree|record|lazy]`: the cost of reading each lead and of writing its output
/// line, the two ends of `enrich run` around evaluation, on one core.
///
/// `record` reads each line as `enrich run`'s workers do (`InputRecord.fields`, then `Lead(fields:)`); `tree`
/// reads it the way they did before (`JSONParser.parse` into a tree, then `Lead(json:)`), for comparison in the
/// same binary; `lazy` reads it as the workers do now (`Lead(checkedText:)`: the text checked and laid out, fields
/// decoded when evaluation reads them, so part of reading moves into evaluation, which is not counted here). The leads are then evaluated once (not counted) and the output lines of those with a patch
/// written, by `OutputEncoder.write(_:explain:into:)` (`record`) or as a line made from a `JSONValue` and
/// appended (`tree`). For callgrind, the counted functions are `readLead*` and `writeLines*`
/// (`--toggle-collect='*ReadBenchmark*readLead*'`).
enum ReadBenchmark {
    static func run(rules: String, file: String, mode: String) throws {
        let engine = try Engine(directory: rules)
        let data = try contents(of: file)
        let lines = data.split(separator: 10).filter { $0.count > 1 }.map { [UInt8]($0) }
        let tree = mode == "tree"

        var start = DispatchTime.now().uptimeNanoseconds
        let leads = tree ? readLeadsTree(lines) : (mode == "lazy" ? readLeadsLazy(lines) : readLeadsRecord(lines))
        let readTime = DispatchTime.now().uptimeNanoseconds - start

        let evaluator = engine.makeEvaluator()
        let evaluations = leads.map { evaluator.evaluate($0, now: now, detail: .patch) }
        start = DispatchTime.now().uptimeNanoseconds
        let output = tree ? writeLinesTree(evaluations) : writeLinesRecord(evaluations)
        let writeTime = DispatchTime.now().uptimeNanoseconds - start

        // FNV-1a of the output: the same text gives the same number in every process (`Hasher` is seeded per process).
        var checksum: UInt32 = 0x811C_9DC5
        for byte in output.utf8 { checksum = (checksum ^ UInt32(byte)) &* 0x0100_0193 }
        print(String(format: "%@: read %d leads in %.1f ms (%.0f ns/lead); wrote %d bytes in %.1f ms (%.0f ns/lead); output checksum %08x",
                     mode, leads.count, Double(readTime) / 1e6, Double(readTime) / Double(max(1, leads.count)),
                     output.utf8.count, Double(writeTime) / 1e6, Double(writeTime) / Double(max(1, leads.count)),
                     checksum))
    }

    @inline(never)
    static func readLeadsRecord(_ lines: [[UInt8]]) -> [Lead] {
        var leads: [Lead] = []
        leads.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            if let lead = readLeadRecord(InputRecord(line: index + 1, json: line)) { leads.append(lead) }
        }
        return leads
    }

    @inline(never)
    static func readLeadRecord(_ record: InputRecord) -> Lead? {
        guard case let .success(fields) = record.fields else { return nil }
        return try? Lead(fields: fields)
    }

    @inline(never)
    static func readLeadsLazy(_ lines: [[UInt8]]) -> [Lead] {
        var leads: [Lead] = []
        leads.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            if let lead = readLeadLazy(line) ?? readLeadRecord(InputRecord(line: index + 1, json: line)) { leads.append(lead) }
        }
        return leads
    }

    @inline(never)
    static func readLeadLazy(_ line: [UInt8]) -> Lead? { Lead(checkedText: line) }

    @inline(never)
    static func readLeadsTree(_ lines: [[UInt8]]) -> [Lead] {
        var leads: [Lead] = []
        leads.reserveCapacity(lines.count)
        for line in lines {
            if let lead = readLeadTree(line) { leads.append(lead) }
        }
        return leads
    }

    @inline(never)
    static func readLeadTree(_ line: [UInt8]) -> Lead? {
        let json: JSONValue
        do {
            json = try line.withUnsafeBufferPointer { buffer throws(JSONParser.Error) in try JSONParser.parse(buffer) }
        } catch {
            return nil
        }
        return try? Lead(json: json)
    }

    @inline(never)
    static func writeLinesRecord(_ evaluations: [Evaluation]) -> String {
        var output: [UInt8] = []
        for evaluation in evaluations where !evaluation.patch.isEmpty {
            OutputEncoder.write(evaluation, explain: false, into: &output)
            output.append(0x0A)
        }
        return String(decoding: output, as: UTF8.self)
    }

    @inline(never)
    static func writeLinesTree(_ evaluations: [Evaluation]) -> String {
        var output = ""
        for evaluation in evaluations where !evaluation.patch.isEmpty {
            output += JSONWriter.write(OutputEncoder.value(for: evaluation, explain: false))
            output += "\n"
        }
        return output
    }
}
