import EnrichServer
import Foundation
import Hummingbird
import HummingbirdTesting
import LeadEngine
import Testing

@Suite("enrich serve: hot reload")
struct ReloadTests {
    /// Waits (up to 10 s) until `condition` holds.
    func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    @Test("A broken pack leaves the old one serving, reported at file:line:column; a fixed one is swapped in")
    func brokenThenFixed() async throws {
        let directory = try ServerFixture.directory(["a.rules": ServerFixture.rules])
        let server = try ServerFixture.server(rules: directory)
        let first = server.store.current.digest
        try await server.application().test(.router) { client in
            try ServerFixture.rules.replacingOccurrences(of: "fill utcOffset = 3", with: "fill utcOfset = 3")
                .write(toFile: directory + "/a.rules", atomically: true, encoding: .utf8)
            #expect(try await eventually { server.store.lastReload != nil })
            #expect(server.store.current.digest == first)
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                let reload = try ServerFixture.json(response.body)["lastReload"]
                #expect(reload?["succeeded"] == .bool(false))
                #expect(reload?["problems"]?[0]?["at"]?.stringValue?.hasSuffix("a.rules:5:8") == true, "\(String(describing: reload))")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("enrich_pack_reload_failing 1"))
                #expect(text.contains(#"enrich_pack_reloads_total{outcome="failure"} 1"#))
            }
            // Still evaluating with the old rules.
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: #"{"id": 1, "phone": "+74951234567"}"#)) { response in
                #expect(ServerFixture.parsed(response.body)?["rulesDigest"]?.stringValue == first)
            }
            try ServerFixture.rules.replacingOccurrences(of: "fill utcOffset = 3", with: "fill utcOffset = 4")
                .write(toFile: directory + "/a.rules", atomically: true, encoding: .utf8)
            #expect(try await eventually { server.store.current.digest != first })
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: #"{"id": 1, "phone": "+74951234567"}"#)) { response in
                let json = try ServerFixture.json(response.body)
                #expect(json["patch"] == .object([("utcOffset", .int(4))]))
                #expect(json["rulesDigest"]?.stringValue == server.store.current.digest)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(ServerFixture.parsed(response.body)?["lastReload"]?["succeeded"] == .bool(true))
            }
        }
    }

    @Test("With a token, a refused reload's problems (files, rules) are shown on the open /readyz and page only to requests carrying it")
    func reloadProblemsNeedTheToken() async throws {
        let directory = try ServerFixture.directory(["a.rules": ServerFixture.rules])
        let server = try ServerFixture.server(rules: directory, token: "s3cret-token")
        try await server.application().test(.router) { client in
            try ServerFixture.rules.replacingOccurrences(of: "fill utcOffset = 3", with: "fill utcOfset = 3")
                .write(toFile: directory + "/a.rules", atomically: true, encoding: .utf8)
            #expect(try await eventually { server.store.lastReload != nil })
            let bearer: HTTPFields = [.authorization: "Bearer s3cret-token"]
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                let reload = try ServerFixture.json(response.body)["lastReload"]
                #expect(reload?["succeeded"] == .bool(false))
                #expect(reload?["problems"] == nil && reload?["summary"] == nil, "\(String(describing: reload))")
                #expect(!String(buffer: response.body).contains("a.rules"))
            }
            try await client.execute(uri: "/readyz", method: .get, headers: bearer) { response in
                let reload = try ServerFixture.json(response.body)["lastReload"]
                #expect(reload?["problems"]?[0]?["at"]?.stringValue?.hasSuffix("a.rules:5:8") == true, "\(String(describing: reload))")
            }
            try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("refused") && !page.contains("a.rules") && !page.contains("utcOfset"), "\(page)")
            }
            try await client.execute(uri: "/", method: .get, headers: bearer) { response in
                #expect(String(buffer: response.body).contains("a.rules:5:8"))
            }
        }
    }

    @Test("--require-tests: a pack whose test fails is refused at start and at reload")
    func requireTests() async throws {
        let passing = ServerFixture.rules + """


            test "Moscow gets +3" {
              given { "id": 1, "phone": "+74951234567" }
              expect patch { "utcOffset": 3 }
            }
            """
        let directory = try ServerFixture.directory(["a.rules": passing])
        let server = try ServerFixture.server(rules: directory, requireTests: true)
        #expect(server.store.current.tests == "1 passed, 0 failed")
        let first = server.store.current.digest
        try await server.application().test(.router) { _ in
            try passing.replacingOccurrences(of: "\"utcOffset\": 3 }", with: "\"utcOffset\": 5 }")
                .write(toFile: directory + "/a.rules", atomically: true, encoding: .utf8)
            #expect(try await eventually { server.store.lastReload != nil })
            #expect(server.store.current.digest == first)
            let problem = try #require(server.store.lastReload?.problem)
            #expect(problem.summary.contains("tests failed"))
            #expect(problem.items.first?.at.contains("a.rules:") == true)
        }
        let untested = try ServerFixture.directory(["a.rules": ServerFixture.rules])
        #expect(throws: PackProblem.self) { try ServerFixture.server(rules: untested, requireTests: true) }
    }
}
