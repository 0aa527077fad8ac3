import Foundation
import Testing

/// A standard stream that cannot be written (a full disk: `/dev/full`) ends the command with exit code 74 and a
/// message on the other stream, never with a crash (Foundation's `FileHandle.write` stopped the program with
/// SIGILL on the first failed write, whatever the subcommand).
@Suite("enrich command line: output that cannot be written", .serialized)
struct OutputFailureTests {
    struct Ending {
        var status: Int32
        var reason: Process.TerminationReason
        var otherStream: String
    }

    /// Runs `enrich arguments` with standard output (or, when `failingError`, standard error) sent to `/dev/full`, and
    /// the other stream read.
    static func run(_ arguments: [String], failingError: Bool = false) throws -> Ending {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.root
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let other = Pipe()
        if failingError {
            process.standardError = full
            process.standardOutput = other
        } else {
            process.standardOutput = full
            process.standardError = other
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = other.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Ending(status: process.terminationStatus, reason: process.terminationReason, otherStream: String(decoding: text, as: UTF8.self))
    }

    static let lead = #"{"id": 1, "phone": "8 495 123-45-67", "sourceComment": "срочно"}"#

    @Test("Standard output full: 74 and one message on standard error, for every command that writes there", arguments: [
        ["run", "--rules", "rules", "--input", "samples/leads.jsonl", "--now", "2026-11-25T09:00:00Z"],
        ["check", "rules", "--format", "json"],
        ["explain", "--rules", "rules", "--lead", OutputFailureTests.lead],
        ["test", "examples/real-estate"],
        ["--help"],
        ["run", "--help"],
        ["--version"],
    ])
    func standardOutputFull(arguments: [String]) throws {
        let ending = try Self.run(arguments)
        #expect(ending.reason == .exit, "\(ending.otherStream)")
        #expect(ending.status == 74, "\(ending.otherStream)")
        #expect(!ending.otherStream.contains("Fatal error"))
        let messages = ending.otherStream.components(separatedBy: "\n").filter { $0.contains("cannot write standard output") }
        #expect(messages == ["enrich: error: cannot write standard output: No space left on device; the output is incomplete"])
    }

    @Test("fmt --check, which names the files it would change on standard output")
    func formatCheck() throws {
        let directory = try CLI.temporaryDirectory(["a.rules": "rule \"x\" {\nwhen phone ~ /^7/\n      set priority = 1\n}\n"])
        let ending = try Self.run(["fmt", directory, "--check"])
        #expect(ending.status == 74, "\(ending.otherStream)")
        #expect(ending.otherStream.contains("enrich: error: cannot write standard output: No space left on device"))
    }

    @Test("A run whose leads fail and whose output is lost still says 74; a rules error keeps its own code (2)")
    func codesCombined() throws {
        let input = try CLI.temporaryDirectory(["leads.jsonl": "{\"id\": 1, \"phone\": \"84951234567\"}\nnot json\n"]) + "/leads.jsonl"
        #expect(try Self.run(["run", "--rules", "rules", "--input", input]).status == 74)
        let broken = try CLI.temporaryDirectory(["a.rules": "rule \"x\" {\n  when phnoe ~ /^7/\n  set priority = 1\n}\n"])
        let ending = try Self.run(["run", "--rules", broken, "--input", input])
        #expect(ending.status == 2)
        #expect(ending.otherStream.isEmpty || !ending.otherStream.contains("Fatal error"))
    }

    @Test("Standard error full: the command still ends normally, its output written; the code says the failure")
    func standardErrorFull() throws {
        // check writes its summary ("0 errors, ...") to standard error.
        let ending = try Self.run(["check", "rules", "--warnings-as-errors"], failingError: true)
        #expect(ending.reason == .exit)
        #expect(ending.status == 74)
        let run = try Self.run(["run", "--rules", "rules", "--input", "samples/leads.jsonl", "--now", "2026-11-25T09:00:00Z"], failingError: true)
        #expect(run.reason == .exit)
        #expect(run.status == 74)
        #expect(run.otherStream.contains(#""leadId""#), "the patches are still written to standard output")
        let failing = try CLI.temporaryDirectory(["a.rules": "rule \"x\" {\n  when phnoe ~ /^7/\n  set priority = 1\n}\n"])
        let broken = try Self.run(["check", failing], failingError: true)
        #expect(broken.reason == .exit)
        #expect(broken.status == 74)
    }
}
