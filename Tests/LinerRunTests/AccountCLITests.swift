import Foundation
import LinerRun
import LinerSim
import LinerWire
import RulesLanguage
import Testing

/// `enrich account pull`, `enrich check --account` and runs that check the rules against the live
/// account, through the built binary against the emulator.
@Suite("the account's facts: pull, check --account, runs", .serialized, .timeLimit(.minutes(3)))
struct AccountCLITests {
    let now = "2026-11-25T09:00:00Z"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The emulator's statuses with the disqualified one coded `spam` (id 11), and no `do-not-call`.
    static let spamStatuses: [JSONValue] = SimReferenceData.defaultStatuses.compactMap { status -> JSONValue? in
        switch status["code"]?.stringValue {
        case "do-not-call": return nil
        case "junk": return .object([("id", 11), ("code", "spam"), ("title", "Спам"), ("category", "disqualified"), ("sort", 90), ("color", "#F44336"), ("isSystem", true)])
        default: return status
        }
    }

    func simulator(statuses: [JSONValue] = SimReferenceData.defaultStatuses, customFields: Bool = true, leads: [JSONValue] = RunFixture.leads(10)) -> LinerSimulator {
        var reference = SimReferenceData(statuses: statuses)
        reference.servesCustomFields = customFields
        return LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: leads, reference: reference)
    }

    func pull(_ setup: KillTests.Setup, port: UInt16, out: String) async throws -> EnrichProcess {
        let process = try EnrichProcess(["account", "pull", "--out", out, "--api-host", "http://127.0.0.1:\(port)", "--api-key-file", setup.keyFile],
                                        directory: setup.directory)
        _ = await process.wait()
        return process
    }

    @Test("account pull saves statuses with categories and custom fields with options, the host and the time, never the key")
    func pullWritesTheFile() async throws {
        let setup = try KillTests().setup()
        let simulator = simulator()
        let port = try await simulator.start()
        let out = setup.directory + "/account.json"
        let run = try await pull(setup, port: port, out: out)
        #expect(run.process.terminationStatus == 0, "\(run.stderr)")
        #expect(run.stderr.contains("saved 7 statuses and 4 custom fields of http://127.0.0.1:\(port) to \(out)"), "\(run.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!text.contains(RunFixture.apiKey))
        let facts = try AccountFacts.parse(text)
        #expect(facts.host == "http://127.0.0.1:\(port)")
        #expect(facts.pulledAt.flatMap(Timestamp.parse) != nil)
        #expect(facts.statuses.map(\.code) == ["new", "callback", "no-answer", "qualified", "appointment", "junk", "do-not-call"])
        #expect(facts.statuses.first { $0.code == "junk" } == AccountFacts.Status(id: 9, code: "junk", title: "Мусор", category: "disqualified"))
        let interest = try #require(facts.customField(id: 12))
        #expect(interest.type == "select" && interest.code == "interest")
        #expect(interest.options == [.init(code: "hot", title: "Горячий"), .init(code: "warm", title: "Тёплый"), .init(code: "cold", title: "Холодный")])
        #expect(facts.customFields?.map(\.type) == ["string", "int", "select", "datetime"])

        // The connection from the environment, as `run` takes it; - writes to standard output.
        let fromEnvironment = try EnrichProcess(["account", "pull", "--out", "-"], directory: setup.directory,
                                                environment: ["LINER_API_HOST": "http://127.0.0.1:\(port)", "LINER_API_KEY": RunFixture.apiKey])
        #expect(await fromEnvironment.wait() == 0, "\(fromEnvironment.stderr)")
        #expect(try AccountFacts.parse(fromEnvironment.stdout).statuses == facts.statuses)
        #expect(!fromEnvironment.stdout.contains(RunFixture.apiKey) && !fromEnvironment.stderr.contains(RunFixture.apiKey))
        await simulator.stop()
    }

    @Test("account pull: custom fields not found are saved as unknown with a notice; a refused key, no host or no --out fail")
    func pullFailures() async throws {
        let setup = try KillTests().setup()
        let simulator = simulator(customFields: false)
        let port = try await simulator.start()
        let out = setup.directory + "/account.json"
        let run = try await pull(setup, port: port, out: out)
        #expect(run.process.terminationStatus == 0, "\(run.stderr)")
        #expect(run.stderr.contains("custom fields were not found (HTTP 404"), "\(run.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("\"customFields\": null"))
        #expect(try AccountFacts.load(path: out).customFields == nil)

        try "wrong-key\n".write(toFile: setup.directory + "/wrong.txt", atomically: true, encoding: .utf8)
        let refused = try EnrichProcess(["account", "pull", "--out", setup.directory + "/refused.json", "--api-host", "http://127.0.0.1:\(port)",
                                         "--api-key-file", setup.directory + "/wrong.txt"], directory: setup.directory)
        #expect(await refused.wait() == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains("the account's lead statuses could not be read"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: setup.directory + "/refused.json"))

        let noHost = try EnrichProcess(["account", "pull", "--out", setup.directory + "/x.json", "--api-key-file", setup.keyFile], directory: setup.directory)
        #expect(await noHost.wait() == 2, "\(noHost.stderr)")
        let noOut = try EnrichProcess(["account", "pull", "--api-host", "http://127.0.0.1:\(port)", "--api-key-file", setup.keyFile], directory: setup.directory)
        #expect(await noOut.wait() == 64, "\(noOut.stderr)")
        let badTimeout = try EnrichProcess(["account", "pull", "--out", "-", "--timeout", "nan"], directory: setup.directory)
        #expect(await badTimeout.wait() == 64, "\(badTimeout.stderr)")
        await simulator.stop()
    }

    @Test("check --account with a pulled file: unknown status (did you mean), unknown customValues, wrong types exit 1; a fitting pack 0; a broken file 2")
    func checkAgainstPulledFile() async throws {
        let setup = try KillTests().setup()
        let simulator = simulator()
        let port = try await simulator.start()
        let account = setup.directory + "/account.json"
        #expect(try await pull(setup, port: port, out: account).process.terminationStatus == 0)
        await simulator.stop()

        func check(_ rules: String) async throws -> EnrichProcess {
            let directory = setup.directory + "/pack-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try rules.write(toFile: directory + "/a.rules", atomically: true, encoding: .utf8)
            let process = try EnrichProcess(["check", directory, "--account", account], directory: setup.directory)
            _ = await process.wait()
            return process
        }
        let header = "status new = 1, junk = 9\n\ntransitions {\n  new -> junk\n}\n\n"
        let fitting = try await check(header + """
            rule "Junk" {
              when status == new and phone is empty
              move new -> junk
              set customValues[11] = 150000
              set customValues[12] = "cold"
              set customValues[13] = "2026-11-26T10:00:00+03:00"
            }
            """)
        #expect(fitting.process.terminationStatus == 0, "\(fitting.stderr)")
        #expect(fitting.stderr.contains("no errors"))

        let status = try await check("status new = 1, junkk\n\ntransitions {\n  new -> junkk\n}\n\nrule \"J\" {\n  when phone is empty\n  move new -> junkk\n}\n")
        #expect(status.process.terminationStatus == 1)
        #expect(status.stderr.contains("a.rules:1:17: error: the account has no status 'junkk'; did you mean 'junk'?"), "\(status.stderr)")

        let unknownField = try await check(header + "rule \"J\" {\n  when status == new\n  move new -> junk\n  set customValues[21] = \"x\"\n}\n")
        #expect(unknownField.process.terminationStatus == 1)
        #expect(unknownField.stderr.contains("a.rules:10:7: error: the account has no custom field 21; did you mean customValues[11] (budget, \"Бюджет\", int)?"), "\(unknownField.stderr)")

        for (value, message) in [("\"150 000\"", "customValues[11] (budget, \"Бюджет\", int) takes an integer"),
                                 ("\"2026-11-26\"", "customValues[13] (callbackAt, \"Перезвонить в\", datetime) takes a date and time"),
                                 ("\"Горячий\"", "\"Горячий\" is not an option of customValues[12]")] {
            let id = message.contains("[11]") ? 11 : message.contains("[13]") ? 13 : 12
            let mismatch = try await check(header + "rule \"J\" {\n  when status == new\n  move new -> junk\n  set customValues[\(id)] = \(value)\n}\n")
            #expect(mismatch.process.terminationStatus == 1, "\(value)")
            #expect(mismatch.stderr.contains(message), "\(mismatch.stderr)")
        }

        // The default pack fits the emulator's account.
        let pack = try EnrichProcess(["check", Self.root + "/rules", "--account", account, "--warnings-as-errors"], directory: setup.directory)
        #expect(await pack.wait() == 0, "\(pack.stderr)")
        #expect(pack.stderr.contains("note: status 'junk' (category disqualified) is the account's 'junk' (id 9"), "\(pack.stderr)")

        try #"{"statuses": [{"id": "1", "code": "new"}]}"#.write(toFile: setup.directory + "/broken.json", atomically: true, encoding: .utf8)
        let broken = try EnrichProcess(["check", Self.root + "/rules", "--account", setup.directory + "/broken.json"], directory: setup.directory)
        #expect(await broken.wait() == 2)
        #expect(broken.stderr.contains("\(setup.directory)/broken.json: error: statuses[0]: \"id\" must be a positive integer, but it is \"1\""), "\(broken.stderr)")
    }

    func runDefaultPack(_ setup: KillTests.Setup, port: UInt16, extra: [String] = []) async throws -> EnrichProcess {
        let process = try EnrichProcess(["run", "--rules", Self.root + "/rules", "--source", "liner", "--apply", "--journal", setup.journal,
                                         "--api-host", "http://127.0.0.1:\(port)", "--api-key-file", setup.keyFile, "--now", now,
                                         "--progress", "none"] + extra, directory: setup.directory)
        _ = await process.wait()
        return process
    }

    static let packLeads: [JSONValue] = [
        .object([("id", 1), ("phone", "+7 999 999-99-99"), ("statusId", 1), ("createdAt", "2026-11-20T10:00:00Z")]),
        .object([("id", 2), ("phone", "+7 916 123-45-67"), ("statusId", 1), ("sourceComment", "готовы заказать"), ("createdAt", "2026-11-20T10:01:00Z")]),
        .object([("id", 3), ("phone", "+7 916 765-43-21"), ("statusId", 1), ("createdAt", "2026-11-20T10:02:00Z")]),
    ]

    @Test("The default pack runs unchanged on an account whose disqualified status is spam: junk is spam, and the run says so")
    func defaultPackOnSpamAccount() async throws {
        let setup = try KillTests().setup()
        let simulator = simulator(statuses: Self.spamStatuses, leads: Self.packLeads)
        let port = try await simulator.start()
        let run = try await runDefaultPack(setup, port: port)
        let leads = await simulator.leads()
        await simulator.stop()
        #expect(run.process.terminationStatus == 0, "\(run.stderr)")
        #expect(run.stderr.contains("note: status 'junk' (category disqualified) is the account's 'spam' (id 11, \"Спам\"): the account has no 'junk'"), "\(run.stderr)")
        #expect(run.stderr.contains("note: status 'qualified' (category qualified) is the account's 'qualified' (id 5"), "\(run.stderr)")
        let byId = Dictionary(uniqueKeysWithValues: leads.compactMap { lead in lead["id"]?.intValue.map { ($0, lead) } })
        #expect(byId[1]?["statusId"] == .int(11), "the test number went to spam")
        #expect(byId[2]?["statusId"] == .int(5))
        #expect(byId[3]?["statusId"] == .int(1))
    }

    @Test("diff --source liner resolves statuses as runs do: the default pack against itself on the spam account")
    func liveDiffOnSpamAccount() async throws {
        let setup = try KillTests().setup()
        let simulator = simulator(statuses: Self.spamStatuses, leads: Self.packLeads)
        let port = try await simulator.start()
        let diff = try EnrichProcess(["diff", "--source", "liner", "--base", Self.root + "/rules", "--rules", Self.root + "/rules",
                                      "--api-host", "http://127.0.0.1:\(port)", "--api-key-file", setup.keyFile, "--now", now],
                                     directory: setup.directory)
        let status = await diff.wait()
        await simulator.stop()
        #expect(status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("leads: 3, patches changed: 0"), "\(diff.stdout)")
        #expect(diff.stderr.contains("note: status 'junk' (category disqualified) is the account's 'spam'"), "\(diff.stderr)")
    }

    @Test("Two disqualified statuses and no junk: the run stops (exit 2) before reading leads, listing both")
    func ambiguousCategoryStopsTheRun() async throws {
        let setup = try KillTests().setup()
        var statuses = Self.spamStatuses
        statuses.append(.object([("id", 10), ("code", "do-not-call"), ("title", "Не звонить"), ("category", "disqualified")]))
        let simulator = simulator(statuses: statuses, leads: Self.packLeads)
        let port = try await simulator.start()
        let run = try await runDefaultPack(setup, port: port)
        let requests = await simulator.requestLog()
        await simulator.stop()
        #expect(run.process.terminationStatus == 2, "\(run.stderr)")
        #expect(run.stderr.contains("the account has no status 'junk' and 2 statuses of category disqualified: 'spam' (id 11), 'do-not-call' (id 10)"), "\(run.stderr)")
        #expect(run.stderr.contains("rules/00-statuses.rules:5:17"), "\(run.stderr)")
        #expect(!requests.contains { $0.path.hasPrefix("/v2/lead/") }, "no lead was read or sent")
    }

    @Test("A run checks custom values against the live account: an unknown id or a wrong option stops it (exit 2); unknown fields (404) only a notice")
    func runChecksCustomValues() async throws {
        let setup = try KillTests().setup()
        let header = "status new = 1, junk = 9\n\ntransitions {\n  new -> junk\n}\n\nrule \"J\" {\n  when status == new and phone is empty\n  move new -> junk\n}\n\n"
        func run(_ rule: String, customFields: Bool = true) async throws -> (EnrichProcess, [SimRequestRecord]) {
            try (header + rule).write(toFile: setup.rules + "/test.rules", atomically: true, encoding: .utf8)
            let simulator = simulator(customFields: customFields)
            let port = try await simulator.start()
            let process = try EnrichProcess(["run", "--rules", setup.rules, "--source", "liner", "--journal", setup.journal,
                                             "--api-host", "http://127.0.0.1:\(port)", "--api-key-file", setup.keyFile, "--now", now,
                                             "--progress", "none"], directory: setup.directory)
            _ = await process.wait()
            let requests = await simulator.requestLog()
            await simulator.stop()
            return (process, requests)
        }
        let (unknown, requests) = try await run("rule \"Budget\" {\n  when phone is not empty\n  set customValues[99] = 1\n}\n")
        #expect(unknown.process.terminationStatus == 2, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("error: the account has no custom field 99"), "\(unknown.stderr)")
        #expect(!requests.contains { $0.path.hasPrefix("/v2/lead/") })

        let (option, _) = try await run("rule \"Interest\" {\n  when phone is not empty\n  set customValues[12] = \"wram\"\n}\n")
        #expect(option.process.terminationStatus == 2, "\(option.stderr)")
        #expect(option.stderr.contains("did you mean 'warm'?"), "\(option.stderr)")

        let (unchecked, _) = try await run("rule \"Budget\" {\n  when phone is not empty\n  set customValues[99] = 1\n}\n", customFields: false)
        #expect(unchecked.process.terminationStatus == 0, "\(unchecked.stderr)")
        #expect(unchecked.stderr.contains("custom fields were not found (HTTP 404"), "\(unchecked.stderr)")
    }
}
