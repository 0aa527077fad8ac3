import Foundation
import Testing

/// Inputs that cannot be read as leads: each said with where, in words a person can act on, and nothing in them
/// (a terminal escape sequence in a CSV header, a line break in a value) printed raw.
@Suite("enrich run: inputs that are not leads", .serialized)
struct InputProblemsCLITests {
    @Test("A directory, a missing file, an unreadable one: exit 2 and the system's reason")
    func notAFile() throws {
        let directory = try CLI.temporaryDirectory([:])
        let asDirectory = try CLI.run(["run", "--rules", "rules", "--input", directory])
        #expect(asDirectory.status == 2)
        #expect(asDirectory.stderr.contains("\(directory): error: cannot open the input: it is a directory"), "\(asDirectory.stderr)")
        #expect(!asDirectory.stderr.contains("leads read"))
        let missing = try CLI.run(["run", "--rules", "rules", "--input", directory + "/absent.jsonl"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("absent.jsonl: error: cannot open the input: No such file or directory"), "\(missing.stderr)")
        let diff = try CLI.run(["diff", "--base", "rules", "--rules", "rules", "--input", directory])
        #expect(diff.status == 2)
        #expect(diff.stderr.contains("cannot open the input: it is a directory"), "\(diff.stderr)")
    }

    @Test("Control characters the input puts into a message are shown escaped, on one line")
    func controlCharactersEscaped() throws {
        let directory = try CLI.temporaryDirectory([
            "esc.csv": "\u{1B}[31mname\u{1B}]0;pwned\u{07},phone\n1,2\n",
            "cell.csv": "id,priority\n5,\"high\u{1B}[2J\nnow\"\n",
        ])
        let header = try CLI.run(["run", "--rules", "rules", "--input", directory + "/esc.csv"])
        #expect(header.status == 1)
        #expect(!header.stderr.contains("\u{1B}") && !header.stderr.contains("\u{07}"), "\(header.stderr.debugDescription)")
        #expect(header.stderr.contains("\\x1B[31mname\\x1B]0;pwned\\x07"), "\(header.stderr)")
        let cell = try CLI.run(["run", "--rules", "rules", "--input", directory + "/cell.csv"])
        #expect(cell.status == 1)
        let lines = cell.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(lines.count == 1, "\(cell.stderr)")
        #expect(lines.first?.contains(#"holds "high\x1B[2J\nnow""#) == true, "\(cell.stderr)")
    }

    @Test("A lead giving its id twice: an error on its line, the other leads patched")
    func repeatedId() throws {
        let directory = try CLI.temporaryDirectory(["leads.jsonl": """
        {"id": 6, "id": 7, "phone": "84951234567"}
        {"id": 8, "phone": "84951234567"}
        {"id": 9, "priority": 2, "priority": 9}
        """])
        let result = try CLI.run(["run", "--rules", "rules", "--input", directory + "/leads.jsonl", "--now", "2026-11-25T09:00:00Z"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(#"leads.jsonl:1: error: member "id" is given twice: which value is meant is unclear, so the lead is not read"#),
                "\(result.stderr)")
        #expect(result.stderr.contains(#"leads.jsonl:3: error: member "priority" is given twice"#), "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").map { $0.hasPrefix(#"{"leadId":8,"#) } == [true])
    }

    @Test("An id written as a decimal (1e3, 2.5) is said as the decimal it is, not as 1000")
    func decimalId() throws {
        let result = try CLI.run(["run", "--rules", "rules", "--input", "-"], stdin: "{\"id\": 1e3}\n{\"id\": 2.5}\n")
        #expect(result.status == 1)
        #expect(result.stderr.contains(#"<stdin>:1: error: "id" must be a positive integer written in digits, not the decimal number 1000.0"#),
                "\(result.stderr)")
        #expect(result.stderr.contains("not the decimal number 2.5"))
    }

    @Test("An id beyond 64 bits is said as too large, not as the decimal it was read as (9.22e+18)")
    func idBeyond64Bits() throws {
        let input = "{\"id\": 9223372036854775808}\n{\"id\": 99999999999999999999}\n{\"id\": -9223372036854775809}\n{\"id\": 9223372036854775807}\n"
        let result = try CLI.run(["run", "--rules", "rules", "--input", "-", "--now", "2026-11-25T09:00:00Z"], stdin: input)
        #expect(result.status == 1)
        let max = #""id" must be a positive integer of at most 9223372036854775807"#
        #expect(result.stderr.contains("<stdin>:1: error: " + max + ", not a number larger than that"), "\(result.stderr)")
        #expect(result.stderr.contains("<stdin>:2: error: " + max + ", not a number larger than that"), "\(result.stderr)")
        #expect(result.stderr.contains("<stdin>:3: error: " + max + ", not a number below -9223372036854775807"), "\(result.stderr)")
        #expect(!result.stderr.contains("e+"), "\(result.stderr)")
        #expect(!result.stderr.contains("<stdin>:4:"), "the largest id is read: \(result.stderr)")
    }

    @Test("A negative number after other commands' numeric options is the option's value, checked by its own range", arguments: [
        (["test", "rules", "--min-coverage", "-5"], "--min-coverage must be a percentage within 0...100, not -5"),
        (["test", "rules", "--min-row-coverage", "-1"], "--min-row-coverage must be"),
        (["diff", "--base", "rules", "--rules", "rules", "--input", "samples/leads.jsonl", "--examples", "-2"], "--examples must be"),
    ])
    func negativeValuesOfOtherCommands(arguments: [String], message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("A negative value after an option is the option's value, refused by its own check (not 'Missing value')", arguments: [
        (["--now", "-0001-01-01T00:00:00Z"], "--now must be an ISO 8601 time"), (["--batch-size", "-5"], "--batch-size must be leads within"),
        (["--source", "liner", "--shard", "-1/3"], "--shard must be I/N"), (["--source", "liner", "--concurrency", "-1"], "--concurrency must be"),
    ])
    func negativeOptionValues(arguments: [String], message: String) throws {
        let result = try CLI.run(["run", "--rules", "rules", "--input", "samples/leads.jsonl"] + arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("Missing value"))
    }
}

/// `run --plan` refuses, before the run, a path the plan would destroy.
@Suite("enrich run --plan: where a plan cannot go", .serialized)
struct PlanPathCLITests {
    @Test("The input itself, a FIFO, a directory: exit 64 before the run, nothing replaced")
    func refusedPlanPaths() throws {
        let directory = try CLI.temporaryDirectory(["leads.jsonl": "{\"id\": 1, \"phone\": \"84951234567\"}\n"])
        #expect(mkfifo(directory + "/fifo", 0o644) == 0)
        for (plan, reason) in [(directory + "/leads.jsonl", "which this command reads"), (directory + "/fifo", "not a regular file"),
                               (directory, "not a regular file")] {
            let result = try CLI.run(["run", "--rules", "rules", "--input", directory + "/leads.jsonl", "--plan", plan])
            #expect(result.status == 64, "\(result.stderr)")
            #expect(result.stderr.contains(reason), "\(result.stderr)")
        }
        #expect(try String(contentsOfFile: directory + "/leads.jsonl", encoding: .utf8) == "{\"id\": 1, \"phone\": \"84951234567\"}\n")
        var status = stat()
        #expect(lstat(directory + "/fifo", &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }
}

@Suite("check and fmt: a pipe named .rules is refused, never waited on", .timeLimit(.minutes(1)))
struct PipeRulesFileTests {
    @Test("A FIFO named x.rules in a pack: check names it and checks the rest; fmt refuses it; neither waits for a writer")
    func fifoInPack() throws {
        let directory = try CLI.temporaryDirectory(["a.rules": "rule \"R\" {\n  set priority = 1\n}\n"])
        #expect(mkfifo(directory + "/x.rules", 0o644) == 0)
        let check = try CLI.run(["check", directory])
        #expect(check.status == 2, "\(check.stderr)")
        #expect(check.stderr.contains("x.rules: error: cannot read the file: it is not a regular file"), "\(check.stderr)")
        let format = try CLI.run(["fmt", directory + "/x.rules"])
        #expect(format.status != 0)
        #expect(format.stderr.contains("not a regular file"), "\(format.stderr)")
    }
}

@Suite("enrich import numbering-plan: an empty export")
struct EmptyRegistryCLITests {
    @Test("An empty registry file, or its header alone: exit 2, the table it would replace untouched")
    func emptyRegistry() throws {
        let directory = try CLI.temporaryDirectory(["empty.csv": "", "header.csv": "АВС/ DEF;От;До;Емкость;Оператор;Регион;ИНН\n",
                                                    "table.rules": "# the pack's table\n"])
        for file in ["empty.csv", "header.csv"] {
            let result = try CLI.run(["import", "numbering-plan", "--zones", "rules/sources/ru-region-zones.tsv", directory + "/" + file,
                                      "--out", directory + "/table.rules"])
            #expect(result.status == 2, "\(file): \(result.stderr)")
            #expect(result.stderr.contains("no number ranges in the file"), "\(result.stderr)")
        }
        #expect(try String(contentsOfFile: directory + "/table.rules", encoding: .utf8) == "# the pack's table\n")
    }
}

@Suite("enrich import numbering-plan: rows giving numbers two zones")
struct ConflictingRegistryCLITests {
    @Test("Two rows sharing numbers of two zones: exit 1 naming both rows, the table untouched")
    func conflicting() throws {
        let header = "АВС/ DEF;От;До;Емкость;Оператор;Регион;Территория ГАР;ИНН\n"
        let directory = try CLI.temporaryDirectory([
            "two.csv": header + "900;0000000;0499999;500000;A;-;Город Москва, Московская область;1\n900;0400000;0999999;600000;B;-;Калининградская область;1\n",
            "table.rules": "# the pack's table\n",
        ])
        let result = try CLI.run(["import", "numbering-plan", "--zones", "rules/sources/ru-region-zones.tsv", directory + "/two.csv",
                                  "--out", directory + "/table.rules"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("two.csv:3: numbers +79000400000...+79000499999 are also in " + directory + "/two.csv:2, of another zone"),
                "\(result.stderr)")
        #expect(result.stderr.contains("nothing written"))
        #expect(try String(contentsOfFile: directory + "/table.rules", encoding: .utf8) == "# the pack's table\n")
    }
}

@Suite("Files read whole: the system's reason, UTF-8 checked, never silently replaced")
struct WholeFileCLITests {
    @Test("explain --lead @FILE: a directory, a missing file, a file that is not UTF-8 or is UTF-16: exit 2, the path and why")
    func leadFile() throws {
        let directory = try CLI.temporaryDirectory([:])
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        try Data([0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x31, 0x2C, 0x0A, 0x22, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D])
            .write(to: URL(fileURLWithPath: directory + "/latin.json"))
        try Data([0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00]).write(to: URL(fileURLWithPath: directory + "/utf16.json"))
        for (file, reason) in [("sub", "sub: error: cannot read the lead file: it is a directory"),
                               ("none.json", "none.json: error: cannot read the lead file: No such file or directory"),
                               ("latin.json", "latin.json:2:9: error: the file is not valid UTF-8 (a character starting with byte 0xC3)"),
                               ("utf16.json", "utf16.json: error: the lead file is UTF-16 (little-endian, with a byte order mark), not UTF-8")] {
            let result = try CLI.run(["explain", "--rules", "rules", "--lead", "@" + directory + "/" + file])
            #expect(result.status == 2, "\(file): \(result.stderr)")
            #expect(result.stderr.contains(directory + "/" + reason), "\(file): \(result.stderr)")
        }
    }

    @Test("import numbering-plan of a directory or a file not UTF-8: exit 2 naming it; the table untouched")
    func registryFile() throws {
        let directory = try CLI.temporaryDirectory(["table.rules": "# the pack's table\n"])
        try FileManager.default.createDirectory(atPath: directory + "/dir", withIntermediateDirectories: true)
        try Data("АВС/ DEF;От;До;Емкость;Оператор;Регион;ИНН\n900;0;9;10;X;\u{0}".utf8 + [0xFF, 0x0A])
            .write(to: URL(fileURLWithPath: directory + "/bad.csv"))
        for (file, reason) in [("dir", "dir: cannot read the registry export: it is a directory"), ("bad.csv", "bad.csv:2:")] {
            let result = try CLI.run(["import", "numbering-plan", "--zones", "rules/sources/ru-region-zones.tsv", directory + "/" + file,
                                      "--out", directory + "/table.rules"])
            #expect(result.status == 2, "\(file): \(result.stderr)")
            #expect(result.stderr.contains(directory + "/" + reason), "\(file): \(result.stderr)")
        }
        #expect(try String(contentsOfFile: directory + "/table.rules", encoding: .utf8) == "# the pack's table\n")
    }
}

@Suite("enrich check of a pack importing what is not a file")
struct ImportOfADeviceCLITests {
    @Test("import \"/dev/zero\": exit 2 naming it as not a regular file (not read for ever), the check said incomplete")
    func device() throws {
        let directory = try CLI.temporaryDirectory(["a.rules": "import \"/dev/zero\"\n"])
        let result = try CLI.run(["check", directory])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("/dev/zero: error: cannot read the file: it is not a regular file"), "\(result.stderr)")
        #expect(result.stderr.contains("could not be read (above): the check is incomplete"), "\(result.stderr)")
    }
}

@Suite("enrich diff without leads")
struct DiffWithoutLeadsCLITests {
    @Test("Neither --input nor an account: exit 64 naming both ways (not only 'no API host')")
    func neither() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["LINER_API_HOST"] = nil
        let result = try CLI.run(["diff", "--base", "rules", "--rules", "rules"], environment: environment)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("give --input FILE") && result.stderr.contains("--source liner"), "\(result.stderr)")
    }
}

@Suite("Negative numbers where a command takes a number")
struct NegativeNumberCLITests {
    @Test("history -5 and revert -5: exit 64 saying the number must be > 0 (not 'Missing expected argument')", arguments: [
        (["history", "-5"], "the lead id must be > 0, not -5"),
        (["history", "--format", "json", "-12"], "the lead id must be > 0, not -12"),
        (["revert", "-5"], "the run id must be > 0, not -5"),
        (["revert", "-7", "--apply"], "the run id must be > 0, not -7"),
    ])
    func negative(arguments: [String], message: String) throws {
        let journal = NSTemporaryDirectory() + "enrich-negative-\(UUID().uuidString).sqlite"
        let result = try CLI.run(arguments + ["--journal", journal])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!result.stderr.contains("Missing expected argument"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: journal))
    }
}
