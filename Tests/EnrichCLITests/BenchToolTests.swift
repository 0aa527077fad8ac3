import Foundation
import Testing

/// The benchmark tool `engine-bench` (built beside `enrich`): a file it cannot read or a line that is no lead is an
/// error naming the file (and line) with exit code 1, never a crash; a wrong usage exits with 2.
@Suite("engine-bench errors", .serialized)
struct BenchToolTests {
    static let binary = CLI.binary.deletingLastPathComponent().appendingPathComponent("engine-bench")

    static func run(_ arguments: [String]) throws -> CLI.Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test("A rules folder or a leads file that does not exist is an error naming it, exit code 1")
    func missingFiles() throws {
        let directory = try CLI.temporaryDirectory(["leads.jsonl": "{\"id\": 1}\n"])
        let missing = directory + "/no-such-rules"
        let noRules = try Self.run(["evaluate", missing, directory + "/leads.jsonl", "10", "buffer", "lazy"])
        #expect(noRules.status == 1)
        #expect(noRules.stderr.contains("\(missing): error"), "\(noRules.stderr)")
        #expect(!noRules.stderr.contains("Fatal error"))
        for command in ["evaluate", "compare"] {
            let noLeads = try Self.run([command, "rules", directory + "/none.jsonl"])
            #expect(noLeads.status == 1, "\(command)")
            #expect(noLeads.stderr.contains("\(directory)/none.jsonl: error"), "\(command): \(noLeads.stderr)")
            #expect(!noLeads.stderr.contains("Fatal error"))
        }
    }

    @Test("A line that is no lead is an error naming the file and line, exit code 1")
    func badLead() throws {
        let directory = try CLI.temporaryDirectory(["leads.jsonl": "{\"id\": 1}\n\n{\"id\": \n{\"id\": 3}\n"])
        let leads = directory + "/leads.jsonl"
        for command in [["compare", "rules", leads], ["evaluate", "rules", leads, "10", "buffer", "lazy"],
                        ["evaluate", "rules", leads, "10", "buffer", "eager"]] {
            let result = try Self.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("\(directory)/leads.jsonl:3: error"), "\(command): \(result.stderr)")
        }
    }

    @Test("An unknown command or option is a usage error, exit code 2")
    func usage() throws {
        let unknown = try Self.run(["frobnicate", "a", "b"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown command frobnicate"))
        let option = try Self.run(["evaluate", "rules", "x.jsonl", "10", "sideways"])
        #expect(option.status == 2)
        #expect(option.stderr.contains("the API is evaluation or buffer, not sideways"))
    }
}
