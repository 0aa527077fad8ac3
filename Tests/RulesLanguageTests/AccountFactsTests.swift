import Foundation
import Testing
@testable import RulesLanguage

/// `account.json`: written in a stable layout through the JSON module, read back exactly, and a
/// malformed file reported with every problem and where it is.
@Suite("account.json")
struct AccountFactsTests {
    static let facts = AccountFacts(
        host: "https://example.linerapp.io", pulledAt: "2026-11-25T09:00:00Z",
        statuses: [
            .init(id: 1, code: "new", title: "Новый", category: "in-progress"),
            .init(id: 11, code: "spam", title: "Спам \"x\"", category: "disqualified"),
        ],
        customFields: [
            .init(id: 11, code: "budget", title: "Бюджет", type: "int"),
            .init(id: 12, code: "interest", title: "Интерес", type: "select", options: [.init(code: "hot", title: "Горячий"), .init(code: "warm", title: "Тёплый")]),
        ])

    @Test("The text has stable key order, one status or field per line, and reads back equal")
    func roundTrip() throws {
        let text = Self.facts.jsonText
        #expect(text == """
            {
              "format": "enrich-account/1",
              "host": "https://example.linerapp.io",
              "pulledAt": "2026-11-25T09:00:00Z",
              "statuses": [
                {"id":1,"code":"new","title":"Новый","category":"in-progress"},
                {"id":11,"code":"spam","title":"Спам \\"x\\"","category":"disqualified"}
              ],
              "customFields": [
                {"id":11,"code":"budget","title":"Бюджет","type":"int","options":[]},
                {"id":12,"code":"interest","title":"Интерес","type":"select","options":[{"code":"hot","title":"Горячий"},{"code":"warm","title":"Тёплый"}]}
              ]
            }

            """)
        #expect(try AccountFacts.parse(text) == Self.facts)
    }

    @Test("Unknown custom fields are written as null and read back as unknown; host and time may be absent")
    func unknownFields() throws {
        let facts = AccountFacts(statuses: [.init(id: 1, code: "new")], customFields: nil)
        #expect(facts.jsonText.contains("\"customFields\": null"))
        #expect(facts.jsonText.contains("\"statuses\": [\n    {\"id\":1,\"code\":\"new\",\"title\":\"\",\"category\":\"\"}\n  ]"))
        #expect(try AccountFacts.parse(facts.jsonText) == facts)
        let minimal = try AccountFacts.parse(#"{"statuses": [{"id": 2, "code": "x"}]}"#)
        #expect(minimal.host == nil && minimal.pulledAt == nil && minimal.customFields == nil)
    }

    @Test("A malformed file lists every problem with its place", arguments: [
        ("[]", "expected an object with \"statuses\""),
        ("{", "not valid JSON"),
        (#"{"customFields": []}"#, "\"statuses\" must be an array of statuses, but it is missing"),
        (#"{"statuses": [{"id": "9", "code": "junk"}]}"#, "statuses[0]: \"id\" must be a positive integer, but it is \"9\""),
        (#"{"statuses": [{"id": 9}]}"#, "statuses[0]: \"code\" must be a non-empty string, but it is missing"),
        (#"{"statuses": [], "customFields": [{"id": 3}]}"#, "customFields[0]: \"type\" must be a non-empty string"),
        (#"{"statuses": [], "customFields": [{"id": 3, "type": "select", "options": [{"title": "x"}]}]}"#, "customFields[0].options[0]: \"code\" must be a non-empty string"),
        (#"{"statuses": [{"id": 1, "code": "a"}, {"id": 1, "code": "b"}]}"#, "statuses: status id 1 is listed twice"),
        (#"{"statuses": [], "customFields": {}}"#, "\"customFields\" must be an array of custom fields or null"),
        (#"{"format": "other/2", "statuses": []}"#, "\"format\" is \"other/2\""),
        (#"{"statuses": [{"id": 1, "code": "a"}], "statuses": [{"id": 2, "code": "b"}]}"#, "member \"statuses\" is given twice"),
        (#"{"statuses": [{"id": 1, "code": "a"}, {"id": 2, "code": "b", "id": 3}]}"#, "statuses[1]: member \"id\" is given twice"),
        (#"{"statuses": [], "customFields": [{"id": 3, "type": "select", "options": [{"code": "a", "code": "b"}]}]}"#,
         "customFields[0].options[0]: member \"code\" is given twice"),
    ])
    func malformed(text: String, problem: String) {
        do {
            _ = try AccountFacts.parse(text)
            Issue.record("\(text) was read")
        } catch {
            #expect(error.problems.contains { $0.contains(problem) }, "\(error.problems)")
        }
    }

    @Test("A file is named in each problem; a missing file says it cannot be read")
    func load() throws {
        let path = NSTemporaryDirectory() + "account-\(UUID().uuidString).json"
        try #"{"statuses": [{"id": 0, "code": "x"}, {"code": ""}]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try AccountFacts.load(path: path)
            Issue.record("read")
        } catch {
            #expect(error.problems.count == 3, "\(error.problems)")
            #expect(error.description.hasPrefix("\(path): error: statuses[0]: \"id\" must be a positive integer, but it is 0\n"))
        }
        do {
            _ = try AccountFacts.load(path: path + ".missing")
            Issue.record("read")
        } catch {
            #expect(error.description == "\(path).missing: error: cannot read the account file")
        }
    }
}
