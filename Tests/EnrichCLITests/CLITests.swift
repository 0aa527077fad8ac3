import Foundation
import Testing

/// Runs the built `enrich` binary (it sits next to the test bundle after `swift build --build-tests`)
/// and checks what people and scripts rely on: exit codes, where output goes, what it says.
struct CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the test bundle is a directory-less executable in the build folder; on macOS it is
        // inside a .xctest bundle, three levels down.
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("enrich").path) {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("enrich")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil, environment given: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = root
        var environment = given ?? ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Both pipes are drained at once: read one after the other, a run that fills the second's buffer (64 KiB of
        // errors) while the first is read waits for ever.
        let stderrBox = ErrorBytes()
        let errorReading = Thread { stderrBox.finish(err.fileHandleForReading.readDataToEndOfFile()) }
        errorReading.start()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = stderrBox.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func temporaryDirectory(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "enrich-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        return path
    }
}

@Suite("enrich command line", .serialized)
struct CLITests {
    @Test("The binary was built next to the tests")
    func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: CLI.binary.path), "\(CLI.binary.path)")
    }

    /// The subcommands a help text lists under SUBCOMMANDS.
    static func subcommands(of path: [String]) throws -> [String] {
        let help = try CLI.run(["help"] + path).stdout
        guard let section = help.range(of: "SUBCOMMANDS:") else { return [] }
        // Up to the first blank line: "  name   abstract" lines, with the abstract's continuation lines indented further.
        let lines = help[section.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        return lines.prefix { !$0.isEmpty }.compactMap { line in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first,
                  name.allSatisfy({ $0.isLowercase || $0 == "-" }) else { return nil }
            return String(name)
        }
    }

    @Test("Every command's help lists its exit codes, 64 (usage) included, and a usage error does exit 64")
    func exitCodesInHelp() throws {
        var leaves: [[String]] = []
        var pending = try Self.subcommands(of: []).map { [$0] }
        #expect(pending.count >= 10, "\(pending)")
        while let path = pending.popLast(), path.count <= 3 {
            let children = try Self.subcommands(of: path)
            if children.isEmpty { leaves.append(path) } else { pending += children.map { path + [$0] } }
        }
        for path in leaves {
            let help = try CLI.run(["help"] + path).stdout.replacingOccurrences(of: "\n", with: " ")
            // The paragraph of exit codes (up to USAGE), and 64 as a code in it: "64 usage" (a "64" inside another
            // code's words, "64 bits", does not count).
            let codes = help.range(of: "Exit codes").map { start -> String in
                let rest = String(help[start.lowerBound...])
                return String(rest.prefix(upTo: rest.range(of: "USAGE:")?.lowerBound ?? rest.endIndex))
            }
            let listsUsage = codes.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("64 usage") } ?? false
            #expect(listsUsage, "enrich \(path.joined(separator: " ")): \(codes ?? "no exit codes")")
            let usage = try CLI.run(path + ["--no-such-option"])
            #expect(usage.status == 64, "enrich \(path.joined(separator: " ")) --no-such-option: \(usage.status)")
        }
    }

    @Test("check: 0 on the default pack, 1 with an error (file:line:column and caret on stderr), 2 for a missing directory")
    func check() throws {
        #expect(try CLI.run(["check", "rules", "--warnings-as-errors"]).status == 0)
        let broken = try CLI.temporaryDirectory(["a.rules": "rule \"x\" {\n  when phnoe ~ /^7/\n  set priority = 1\n}\n"])
        let result = try CLI.run(["check", broken])
        #expect(result.status == 1)
        #expect(result.stderr.contains("a.rules:2:8: error: unknown field 'phnoe'; did you mean 'phone'?"))
        #expect(result.stderr.contains("    when phnoe ~ /^7/\n         ^~~~~\n"))
        #expect(!result.stderr.contains("\u{1B}["), "no colour without a TTY")
        let json = try CLI.run(["check", broken, "--format", "json"])
        #expect(json.stdout.contains("\"code\" : \"unknown-field\""))
        #expect(try CLI.run(["check", "/nonexistent-rules"]).status == 2)
    }

    @Test("test: a failing rule test prints its diff and exits 1; the pack's tests exit 0")
    func test() throws {
        #expect(try CLI.run(["test", "rules", "--min-coverage", "95"]).status == 0)
        let pack = try CLI.temporaryDirectory(["a.rules": """
        rule "Urgent" {
          when sourceComment ~ /срочно/i
          set priority = 9
        }

        test "Expects the wrong priority" {
          given {"id": 1, "sourceComment": "срочно"}
          expect patch {"priority": 5}
        }
        """])
        let result = try CLI.run(["test", pack])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL Expects the wrong priority"))
        #expect(result.stdout.contains("  - priority: 5"))
        #expect(result.stdout.contains("  + priority: 9    (by \"Urgent\" at \(pack)/a.rules:3:3)"))
        #expect(result.stdout.hasSuffix("0 passed, 1 failed\n"))
        let junit = try CLI.run(["test", pack, "--format", "junit"])
        #expect(junit.stdout.contains("<failure"))
    }

    @Test("run: patches on stdout in input order; bad leads named on stderr with line and id; exit 1")
    func run() throws {
        let input = """
        {"id": 1, "phone": "8 (495) 123-45-67", "sourceComment": "срочно"}
        {"id": 2, "phone": }
        {"id": 3, "utcOffset": "три"}
        {"id": 4, "phone": "+79161234567", "sourceComment": "просто смотрю", "priority": 2, "utcOffset": 3}
        """
        let result = try CLI.run(["run", "--rules", "rules", "--input", "-", "--now", "2026-11-25T09:00:00Z"], stdin: input)
        #expect(result.status == 1)
        #expect(result.stdout == """
        {"leadId":1,"patch":{"phone":"+74951234567","priority":9,"utcOffset":3}}

        """)
        #expect(result.stderr.contains("<stdin>:2: error: malformed JSON"))
        #expect(result.stderr.contains("<stdin>:3: error: lead 3: field \"utcOffset\" is a string, expected an integer"))
        #expect(result.stderr.contains("leads read: 4, patched: 1, unchanged: 1, failed: 2"))
        let explained = try CLI.run(["run", "--rules", "rules", "--input", "-", "--explain", "--now", "2026-11-25T09:00:00Z"],
                                    stdin: #"{"id": 5, "sourceComment": "СРОЧНО"}"#)
        #expect(explained.status == 0)
        #expect(explained.stdout.contains(#""rule":"Urgent","at":"rules/30-priority.rules:"#))
        #expect(explained.stdout.contains(#""text":"СРОЧНО""#))
    }

    @Test("run: a CSV saved by Russian Excel (BOM, ';') is read; --csv-delimiter names the delimiter")
    func csvAsExcelSavesIt() throws {
        let csv = "\u{FEFF}id;phone;sourceComment\r\n1;8 (495) 123-45-67;срочно\r\n"
        let detected = try CLI.run(["run", "--rules", "rules", "--input", "-", "--format", "csv", "--now", "2026-11-25T09:00:00Z"], stdin: csv)
        #expect(detected.status == 0, "\(detected.stderr)")
        #expect(detected.stdout.contains(#"{"leadId":1,"patch":{"phone":"+74951234567""#))
        let named = try CLI.run(["run", "--rules", "rules", "--input", "-", "--format", "csv", "--csv-delimiter", ";",
                                 "--now", "2026-11-25T09:00:00Z"], stdin: csv)
        #expect(named.stdout == detected.stdout)
        let wrong = try CLI.run(["run", "--rules", "rules", "--input", "-", "--format", "csv", "--csv-delimiter", "tab",
                                 "--now", "2026-11-25T09:00:00Z"], stdin: csv)
        #expect(wrong.status != 0)
        let bad = try CLI.run(["run", "--rules", "rules", "--input", "-", "--csv-delimiter", "x"], stdin: csv)
        #expect(bad.status == 64)
    }

    @Test("explain names the condition that failed; diff counts a change and --fail-on-change exits 1")
    func explainAndDiff() throws {
        let explain = try CLI.run(["explain", "--rules", "rules", "--lead", #"{"id": 1, "sourceComment": "привет"}"#])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("· \"Urgent\""))
        #expect(explain.stdout.contains("was false; it saw \"привет\""))
        let changed = try CLI.temporaryDirectory([:])
        for file in try FileManager.default.contentsOfDirectory(atPath: CLI.root.appendingPathComponent("rules").path) where file.hasSuffix(".rules") {
            var text = try String(contentsOf: CLI.root.appendingPathComponent("rules/" + file), encoding: .utf8)
            text = text.replacingOccurrences(of: "const priorityUrgent = 9", with: "const priorityUrgent = 8")
            try text.write(toFile: changed + "/" + file, atomically: true, encoding: .utf8)
        }
        let diff = try CLI.run(["diff", "--base", "rules", "--rules", changed, "--input", "samples/leads.jsonl",
                                "--now", "2026-11-25T09:00:00Z", "--fail-on-change"])
        #expect(diff.status == 1)
        #expect(diff.stdout.contains("leads: 12, patches changed: 3"))
        #expect(diff.stdout.contains("  Urgent: 3"))
    }

    @Test("explain of a lead with an error explains it, names the error on standard error and exits 1, as run does")
    func explainExitsOneOnLeadErrors() throws {
        let lead = #"{"id": 7, "sourceComment": "{\"answers\": {\"budget\": \"99999999999999999999\"}}"}"#
        // int() of an integer beyond 64 bits is an error for the lead (the default pack reads budgets with amount(),
        // which gives missing there).
        let rules = try CLI.temporaryDirectory(["budget.rules": """
            rule "Budget given" {
              when int(json(sourceComment, "answers.budget")) > 0
              set priority = 7
            }

            rule "Urgent" {
              when sourceComment ~ /срочно/i
              set priority = 9
            }
            """])
        for format in ["text", "json"] {
            let explain = try CLI.run(["explain", "--rules", rules, "--lead", lead, "--format", format])
            #expect(explain.status == 1, "\(format): \(explain.stderr)")
            #expect(explain.stderr.contains("99999999999999999999"), "\(explain.stderr)")
            #expect(!explain.stdout.isEmpty)
        }
        let run = try CLI.run(["run", "--rules", rules, "--input", "-", "--now", "2026-11-25T09:00:00Z"], stdin: lead)
        #expect(run.status == 1)
    }

    @Test("diff names each input line that is not a lead and exits 1, as run does; the other leads are compared")
    func diffNamesBadLines() throws {
        let dir = try CLI.temporaryDirectory(["leads.jsonl": "{\"id\": 1, \"sourceComment\": \"срочно\"}\n{\"id\": 2,\n{\"name\": \"no id\"}\n"])
        let diff = try CLI.run(["diff", "--base", "rules", "--rules", "rules", "--input", dir + "/leads.jsonl", "--now", "2026-11-25T09:00:00Z"])
        #expect(diff.status == 1)
        #expect(diff.stderr.contains("leads.jsonl:2: error: malformed JSON"))
        #expect(diff.stderr.contains("leads.jsonl:3: error:"))
        #expect(diff.stdout.contains("leads: 1,"))
    }
}

/// The bytes of a child's standard error, read on a thread of their own (see ``CLI/run(_:stdin:)``).
private final class ErrorBytes: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    func finish(_ bytes: Data) {
        data = bytes
        done.signal()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
