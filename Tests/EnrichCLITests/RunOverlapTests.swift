import Foundation
import Testing

/// `enrich run --input FILE` reads the input (and its leads' text) on the reading thread while the rules load: what it
/// prints, in what order, and how it exits must be those of a run that read nothing before the rules loaded.
@Suite("enrich run: reading while the rules load", .serialized)
struct RunOverlapTests {
    /// `count` leads, one a line; every 13th is malformed JSON and every 17th has a string id, errors on stderr.
    static func leads(_ count: Int) -> String {
        (1...count).map { id in
            switch id % 17 == 0 ? 1 : id % 13 == 0 ? 2 : 0 {
            case 1: return #"{"id": "\#(id)", "phone": "8 (495) 123-45-67"}"#
            case 2: return #"{"id": \#(id), "phone": }"#
            default: return #"{"id": \#(id), "phone": "8 (495) 123-45-\#(10 + id % 90)", "sourceComment": "срочно \#(id)", "utcOffset": "три"}"#
            }
        }.joined(separator: "\n") + "\n"
    }

    static func file(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "enrich-overlap-\(UUID().uuidString).jsonl"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let now = ["--now", "2026-11-25T09:00:00Z"]

    @Test("Rules that do not load while a large input is read: exit 2, nothing on stdout, only the rules' problems")
    func rulesFailWhileReading() throws {
        let input = try Self.file(Self.leads(60_000))
        let broken = try CLI.temporaryDirectory(["a.rules": "rule \"x\" {\n  when phnoe ~ /^7/\n  set priority = 1\n}\n"])
        let reading = try CLI.run(["run", "--rules", broken, "--input", input] + Self.now)
        // The same rules with an input that cannot even be opened: the rules' problems come first and end the run.
        let unopened = try CLI.run(["run", "--rules", broken, "--input", "/nonexistent/leads.jsonl"] + Self.now)
        #expect(reading.status == 2)
        #expect(reading.stdout.isEmpty)
        #expect(reading.stderr.contains("a.rules:2:8: error: unknown field 'phnoe'"))
        #expect(reading.stderr == unopened.stderr)
        #expect(unopened.status == 2 && unopened.stdout.isEmpty)
        let missing = try CLI.run(["run", "--rules", "/nonexistent-rules", "--input", input] + Self.now)
        #expect(missing.status == 2 && missing.stdout.isEmpty)
        #expect(!missing.stderr.contains("leads read"))
    }

    @Test("An input that cannot be opened, with rules that load: its one error line, exit 2")
    func inputNotOpened() throws {
        let result = try CLI.run(["run", "--rules", "rules", "--input", "/nonexistent/leads.jsonl"] + Self.now)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "/nonexistent/leads.jsonl: error: cannot open the input: No such file or directory\n")
    }

    @Test("Batches of 1, 7 and 4,096 leads (many read ahead), from a file and from stdin: the same output and errors, in input order")
    func batchSizesGiveTheSameRun() throws {
        let text = Self.leads(12_000)
        let input = try Self.file(text)
        let whole = try CLI.run(["run", "--rules", "rules", "--input", input] + Self.now)
        #expect(whole.status == 1)
        #expect(whole.stdout.split(separator: "\n").count > 500)
        // Error lines name their input lines in increasing order.
        let lines = whole.stderr.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix(input + ":") else { return nil }
            return Int(line.dropFirst(input.count + 1).prefix { $0.isNumber })
        }
        #expect(lines.count > 1_000)
        #expect(lines == lines.sorted())
        for size in ["1", "7", "4096"] {
            let batched = try CLI.run(["run", "--rules", "rules", "--input", input, "--batch-size", size] + Self.now)
            #expect(batched.status == whole.status, "batch size \(size)")
            #expect(batched.stdout == whole.stdout, "batch size \(size)")
            #expect(batched.stderr == whole.stderr, "batch size \(size)")
        }
        // Through stdin (fewer leads: the test writes them all before it reads the output).
        let few = Self.leads(2_000), fewFile = try Self.file(few)
        let piped = try CLI.run(["run", "--rules", "rules", "--input", "-"] + Self.now, stdin: few)
        let fromFile = try CLI.run(["run", "--rules", "rules", "--input", fewFile] + Self.now)
        #expect(piped.status == 1)
        #expect(piped.stdout == fromFile.stdout)
        #expect(piped.stderr == fromFile.stderr.replacingOccurrences(of: fewFile + ":", with: "<stdin>:"))
    }
}
