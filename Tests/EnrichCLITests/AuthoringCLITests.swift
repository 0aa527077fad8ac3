import Foundation
import Testing

/// The command line of rule authoring: silences listed, the import lock, test filters.
@Suite("Authoring on the command line")
struct AuthoringCLITests {
    static let pack = """
        rule "A" {
          when sourceComment ~ /a/
          set priority = 1
        }

        # enrich:ignore ambiguous-precedence -- "A" first on purpose
        rule "B" {
          when sourceComment ~ /b/
          set priority = 2
        }

        test "B wins on b" {
          given {"id": 1, "sourceComment": "b"}
          expect fires "B"
        }

        """

    @Test("check --list-silenced lists each silenced warning with its reason, in text and JSON")
    func listSilenced() throws {
        let directory = try CLI.temporaryDirectory(["p.rules": Self.pack])
        let text = try CLI.run(["check", directory, "--list-silenced", "--warnings-as-errors"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("1 warning silenced:\n\(directory)/p.rules:7:6: ambiguous-precedence: "))
        #expect(text.stdout.contains("  silenced at \(directory)/p.rules:6:1: \"A\" first on purpose\n"))
        let json = try CLI.run(["check", directory, "--list-silenced", "--format", "json"])
        #expect(json.stdout.contains(#""silenced":[{"file":""#))
        #expect(json.stdout.contains(#""reason":"\"A\" first on purpose""#))
    }

    @Test("fmt leaves a file whose silence it cannot keep as it is: exit 1, file:line:column of the silence; the others are formatted")
    func fmtKeepsSilenceOrRefuses() throws {
        let refused = "const a = 1 const b = 2 # enrich:ignore unused -- r\n"
        let directory = try CLI.temporaryDirectory(["a.rules": refused, "b.rules": "const  c = 3\n\nrule \"C\" { set priority = c }\n"])
        let check = try CLI.run(["fmt", directory, "--check"])
        #expect(check.status == 1)
        #expect(check.stderr.contains("\(directory)/a.rules:1:25: error: formatting would change what this silence covers"), "\(check.stderr)")
        let format = try CLI.run(["fmt", directory])
        #expect(format.status == 1)
        #expect(try String(contentsOfFile: directory + "/a.rules", encoding: .utf8) == refused)
        #expect(try String(contentsOfFile: directory + "/b.rules", encoding: .utf8) == "const c = 3\n\nrule \"C\" {\n  set priority = c\n}\n")
    }

    @Test("test --filter: by rule and file; a filter matching nothing exits 1 with a message")
    func filters() throws {
        let directory = try CLI.temporaryDirectory(["p.rules": Self.pack])
        let byRule = try CLI.run(["test", directory, "--filter", "rule:B"])
        #expect(byRule.status == 0)
        #expect(byRule.stdout.contains("1 passed, 0 failed"))
        let none = try CLI.run(["test", directory, "--filter", "rule:C", "--filter", "file:nowhere"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("error: --filter 'rule:C': no rule or table is named \"C\""))
        #expect(none.stderr.contains("error: --filter 'file:nowhere' matches no file with tests"))
    }

    @Test("check --update-lock records the imported pack; an upstream change is a warning until it is rewritten")
    func lock() throws {
        let root = try CLI.temporaryDirectory([:])
        try FileManager.default.createDirectory(atPath: root + "/shared", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/pack", withIntermediateDirectories: true)
        try "const level = 1\n\nrule \"Shared\" {\n  set priority = level\n}\n".write(toFile: root + "/shared/s.rules", atomically: true, encoding: .utf8)
        try "import \"../shared\" as shared {\n  override const level = 3\n}\n".write(toFile: root + "/pack/p.rules", atomically: true, encoding: .utf8)
        let unlocked = try CLI.run(["check", root + "/pack", "--warnings-as-errors"])
        #expect(unlocked.status == 1)
        #expect(unlocked.stderr.contains("warning: pack \"shared\" (../shared) is not in"))
        let update = try CLI.run(["check", root + "/pack", "--update-lock", "--warnings-as-errors"])
        #expect(update.status == 0, "\(update.stderr)")
        #expect(update.stderr.contains("checked 1 file and 1 imported file: no errors"), "\(update.stderr)")
        let lock = try String(contentsOfFile: root + "/pack/imports.lock", encoding: .utf8)
        #expect(lock.contains("  ../shared\n"))
        try "const level = 2\n\nrule \"Shared\" {\n  set priority = level\n}\n".write(toFile: root + "/shared/s.rules", atomically: true, encoding: .utf8)
        let changed = try CLI.run(["check", root + "/pack"])
        #expect(changed.status == 0)
        #expect(changed.stderr.contains("warning: pack \"shared\" (../shared) changed since"))
        let formatted = try CLI.run(["fmt", root + "/pack", "--check"])
        #expect(formatted.status == 0, "\(formatted.stdout)")
    }
}
