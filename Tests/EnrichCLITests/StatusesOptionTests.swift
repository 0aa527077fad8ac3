import Foundation
import Testing

/// `--statuses FILE`: ids for status codes the rules declare without one, from a saved
/// `GET /v2/lead-status/` reply.
@Suite("enrich --statuses", .serialized)
struct StatusesOptionTests {
    /// `new` and `junk` without ids; a rule test that expects the account's id for junk.
    static let pack = [
        "a.rules": """
        status new, junk

        transitions {
          new -> junk
        }

        rule "Junk: test number" {
          when status == new and e164(phone) ~ /^7(\\d)\\1{9}$/
          move new -> junk
        }

        test "A test number goes to the account's junk" {
          given {"id": 1, "statusId": 11, "phone": "79999999999"}
          expect patch {"statusId": 19}
        }
        """,
        // The whole reply of GET /v2/lead-status/, as Liner sends it.
        "statuses.json": """
        {"success": true, "message": "", "data": [
          {"id": 11, "code": "new", "title": "Новый", "category": "in-progress", "sort": 10, "color": "#2196F3", "isSystem": true},
          {"id": 19, "code": "junk", "title": "Мусор", "category": "disqualified", "sort": 90, "color": "#F44336", "isSystem": true},
          {"id": 15, "code": "qualified", "title": "Квалифицирован", "category": "qualified", "sort": 50, "color": "#4CAF50", "isSystem": true}
        ]}
        """,
        // Just the data array, with a junk code the rules do not have.
        "other-account.json": #"[{"id": 11, "code": "new"}, {"id": 29, "code": "junkk"}]"#,
        "broken.json": #"{"success": true, "data": [{"id": 11, "code": "new"}, {"code": "junk"}"#,
    ]

    @Test("Without ids and without --statuses, offline commands stop with exit 2 and name each code; check does not")
    func missingIds() throws {
        let pack = try CLI.temporaryDirectory(Self.pack)
        let test = try CLI.run(["test", pack])
        #expect(test.status == 2)
        #expect(test.stdout.isEmpty)
        #expect(test.stderr.contains("\(pack)/a.rules:1:8: error: status 'new' has no id: declare it (status new = ID) or give --statuses FILE"))
        #expect(test.stderr.contains("\(pack)/a.rules:1:13: error: status 'junk' has no id"))
        #expect(test.stderr.contains("  status new, junk\n              ^~~~\n"))
        let explain = try CLI.run(["explain", "--rules", pack, "--lead", #"{"id": 1, "statusId": 11, "phone": "79999999999"}"#])
        #expect(explain.status == 2)
        #expect(explain.stderr.contains("status 'junk' has no id"))
        #expect(try CLI.run(["check", pack]).status == 0)
    }

    @Test("With --statuses (whole reply or data array), ids come from the file: tests pass, explain and diff use them")
    func resolvesFromFile() throws {
        let pack = try CLI.temporaryDirectory(Self.pack)
        let test = try CLI.run(["test", pack, "--statuses", "\(pack)/statuses.json"])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.hasSuffix("1 passed, 0 failed\n"))
        try #"[{"id": 11, "code": "new"}, {"id": 19, "code": "junk"}]"#.write(toFile: "\(pack)/array.json", atomically: true, encoding: .utf8)
        let explain = try CLI.run(["explain", "--rules", pack, "--statuses", "\(pack)/array.json",
                                   "--lead", #"{"id": 1, "statusId": 11, "phone": "79999999999"}"#, "--format", "json"])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains(#""statusId":19"#))
        let leads = "\(pack)/leads.jsonl"
        try #"{"id": 1, "statusId": 11, "phone": "79999999999"}"#.write(toFile: leads, atomically: true, encoding: .utf8)
        let diff = try CLI.run(["diff", "--base", pack, "--rules", pack, "--input", leads, "--statuses", "\(pack)/statuses.json"])
        #expect(diff.status == 0, "\(diff.stderr)")
    }

    @Test("A file that does not resolve the rules' codes, or is not a status list, stops with exit 2 and says why")
    func badFiles() throws {
        let pack = try CLI.temporaryDirectory(Self.pack)
        let other = try CLI.run(["test", pack, "--statuses", "\(pack)/other-account.json"])
        #expect(other.status == 2)
        #expect(other.stderr.contains("\(pack)/other-account.json: error: the rules' status codes do not match this status list"))
        #expect(other.stderr.contains("\(pack)/a.rules:1:13: error: the account has no status 'junk'; did you mean 'junkk'?"))
        let broken = try CLI.run(["test", pack, "--statuses", "\(pack)/broken.json"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("\(pack)/broken.json: error: not valid JSON"))
        let missing = try CLI.run(["test", pack, "--statuses", "\(pack)/nonexistent.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nonexistent.json: error: cannot read the status list"))
        // A declared id that is not the account's: the code, both ids and the declaration.
        let declared = try CLI.temporaryDirectory(["a.rules": Self.pack["a.rules"]!.replacingOccurrences(of: "status new, junk", with: "status new, junk = 9")])
        let mismatch = try CLI.run(["test", declared, "--statuses", "\(pack)/statuses.json"])
        #expect(mismatch.status == 2)
        #expect(mismatch.stderr.contains("\(declared)/a.rules:1:13: error: status 'junk' is declared with id 9, but the account's id for 'junk' is 19"))
    }

    @Test("--statuses takes an account.json too, and a code declared with a category resolves through it")
    func accountFile() throws {
        let pack = try CLI.temporaryDirectory([
            "a.rules": """
            status new = 1, junk = 9 category disqualified

            transitions {
              new -> junk
            }

            rule "Junk: test number" {
              when status == new and e164(phone) ~ /^7(\\d)\\1{9}$/
              move new -> junk
            }

            test "A test number goes to the account's disqualified status" {
              given {"id": 1, "statusId": 1, "phone": "79999999999"}
              expect patch {"statusId": 11}
            }
            """,
            "account.json": """
            {"format": "enrich-account/1", "host": null, "pulledAt": null,
             "statuses": [{"id": 1, "code": "new", "title": "", "category": "in-progress"}, {"id": 11, "code": "spam", "title": "Спам", "category": "disqualified"}],
             "customFields": null}
            """,
        ])
        let offline = try CLI.run(["test", pack])
        #expect(offline.status == 1, "offline, junk is its declared 9: \(offline.stderr)")
        let resolved = try CLI.run(["test", pack, "--statuses", "\(pack)/account.json"])
        #expect(resolved.status == 0, "\(resolved.stdout)\(resolved.stderr)")
        #expect(resolved.stderr.contains("note: status 'junk' (category disqualified) is the account's 'spam' (id 11, \"Спам\"): the account has no 'junk'"), "\(resolved.stderr)")
        let check = try CLI.run(["check", pack, "--account", "\(pack)/account.json"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("lists no custom fields (unknown)"), "\(check.stderr)")
        let missing = try CLI.run(["check", pack, "--account", "\(pack)/nothing.json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("\(pack)/nothing.json: error: cannot read the account file"))
    }
}
