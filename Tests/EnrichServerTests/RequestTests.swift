import EnrichServer
import Foundation
import Hummingbird
import HummingbirdTesting
import LeadEngine
import Testing

@Suite("enrich serve: requests")
struct RequestTests {
    func withServer(token: String? = nil, maxBody: Int = 1 << 20, maxBatch: Int = 100,
                    _ body: @Sendable (any TestClientProtocol, EnrichServer) async throws -> Void) async throws {
        let server = try ServerFixture.server(rules: try ServerFixture.directory(["a.rules": ServerFixture.rules]), token: token,
                                              maxBody: maxBody, maxBatch: maxBatch)
        try await server.application().test(.router) { client in try await body(client, server) }
    }

    @Test("A lead gets its patch, changes with file:line:column, and the digest")
    func single() async throws {
        try await withServer { client, server in
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: #"{"id": 7, "phone": "+74951234567"}"#)) { response in
                #expect(response.status == .ok)
                let json = try ServerFixture.json(response.body)
                #expect(json["leadId"]?.intValue == 7)
                #expect(json["patch"] == .object([("utcOffset", .int(3))]))
                #expect(json["changes"]?[0]?["at"]?.stringValue?.hasSuffix("a.rules:5:3") == true)
                #expect(json["rulesDigest"]?.stringValue == server.store.current.digest)
                #expect(json["trace"] == nil)
            }
        }
    }

    @Test("?explain=true adds the trace; ?now= must be ISO 8601; explain must be a boolean")
    func query() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/v1/evaluate?explain=true&now=2026-03-01T09:00:00Z", method: .post,
                                     body: ByteBuffer(string: #"{"id": 7, "phone": "+74951234567"}"#)) { response in
                #expect(response.status == .ok)
                let trace = try ServerFixture.json(response.body)["trace"]
                #expect(trace?["writers"]?[0]?["name"]?.stringValue == "Moscow")
                #expect(trace?["writers"]?[0]?["fired"] == .bool(true))
            }
            try await client.execute(uri: "/v1/evaluate?now=yesterday", method: .post, body: ByteBuffer(string: #"{"id": 7}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(ServerFixture.parsed(response.body)?["error"]?.stringValue?.contains("now") == true)
            }
            try await client.execute(uri: "/v1/evaluate?explain=maybe", method: .post, body: ByteBuffer(string: #"{"id": 7}"#)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("Malformed JSON is a 400 naming its line and column")
    func malformed() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: "{\"id\": 7,\n  \"phone\": ]}")) { response in
                #expect(response.status == .badRequest)
                let json = try ServerFixture.json(response.body)
                #expect(json["line"]?.intValue == 2)
                #expect(json["column"]?.intValue == 12)
                #expect(json["error"]?.stringValue?.contains("line 2, column 12") == true)
            }
            for body in ["[1, 2]", "42", "{\"leads\": 5}", ""] {
                try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(ServerFixture.parsed(response.body)?["error"] != nil)
                }
            }
        }
    }

    @Test("A record that is not a lead: 422 alone, an error result in a batch while the others are evaluated")
    func notALead() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: #"{"phone": "+74951234567"}"#)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(ServerFixture.parsed(response.body)?["error"]?.stringValue?.isEmpty == false)
            }
            let batch = #"{"leads": [{"id": 1, "phone": "+74951234567"}, "nope", {"id": 3}]}"#
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: batch)) { response in
                #expect(response.status == .ok)
                let results = try ServerFixture.json(response.body)["results"]
                #expect(results?[0]?["patch"] == .object([("utcOffset", .int(3))]))
                #expect(results?[1]?["index"]?.intValue == 1)
                #expect(results?[1]?["error"]?.stringValue?.contains("leads:2") == true)
                #expect(results?[2]?["patch"] == .object([]))
            }
        }
    }

    @Test("Bodies and batches over their caps are refused with 413")
    func caps() async throws {
        try await withServer(maxBody: 2048, maxBatch: 3) { client, _ in
            let leads = (1...4).map { #"{"id": \#($0)}"# }.joined(separator: ",")
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: "{\"leads\": [\(leads)]}")) { response in
                #expect(response.status == .contentTooLarge)
                #expect(ServerFixture.parsed(response.body)?["error"]?.stringValue?.contains("--max-batch") == true)
            }
            let big = #"{"id": 1, "sourceComment": "\#(String(repeating: "x", count: 4096))"}"#
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: big)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(ServerFixture.parsed(response.body)?["error"]?.stringValue?.contains("--max-body") == true)
            }
        }
    }

    @Test("With a token: 401 without it or with a wrong one, served with it; the probes stay open")
    func token() async throws {
        try await withServer(token: "s3cret-token") { client, _ in
            let lead = ByteBuffer(string: #"{"id": 7}"#)
            try await client.execute(uri: "/v1/evaluate", method: .post, body: lead) { response in
                #expect(response.status == .unauthorized)
                #expect(!String(buffer: response.body).contains("s3cret"))
            }
            try await client.execute(uri: "/v1/evaluate", method: .post, headers: [.authorization: "Bearer wrong"], body: lead) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/evaluate", method: .post, headers: [.authorization: "Bearer s3cret-token"], body: lead) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in #expect(response.status == .unauthorized) }
            try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { response in #expect(response.status == .ok) }
            try await client.execute(uri: "/", method: .post, body: ByteBuffer(string: "lead=%7B%22id%22%3A1%7D")) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/", method: .post, body: ByteBuffer(string: "lead=%7B%22id%22%3A1%7D&token=s3cret-token")) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("Metrics count the leads evaluated, the fields patched and name the pack's digest")
    func metrics() async throws {
        try await withServer { client, server in
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: #"{"id": 7, "phone": "+74951234567"}"#)) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"enrich_leads_evaluated_total{source="api"} 1"#))
                #expect(text.contains(#"enrich_patch_fields_total{source="api",field="utcOffset"} 1"#))
                #expect(text.contains(#"enrich_pack_info{digest="\#(server.store.current.digest)"} 1"#))
                #expect(text.contains("enrich_http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test("The page evaluates a pasted lead: patch, rule and file:line:column, trace; text is escaped")
    func page() async throws {
        try await withServer { client, server in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(server.store.current.digest))
            }
            let lead = #"{"id": 7, "phone": "+74951234567", "name": "<script>alert(1)</script>"}"#
            let form = "lead=" + lead.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/", method: .post, body: ByteBuffer(string: form)) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("id=\"trace\""))
                #expect(html.contains("Moscow"))
                #expect(html.contains("a.rules:5:3"))
                #expect(!html.contains("<script>"))
            }
            try await client.execute(uri: "/", method: .post, body: ByteBuffer(string: "lead=%7B%22id%22%3A")) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("line 1, column 7"))
            }
        }
    }
}

@Suite("enrich serve: the request deadline")
struct RequestDeadlineTests {
    @Test("A batch with explain stops at its deadline between two leads' traces, not after a whole chunk of them")
    func explainLooksAtTheDeadlinePerLead() throws {
        let pack = try PackLoader(directory: ServerFixture.defaultPack, preparation: .offline(statuses: nil), requireTests: false).load().get()
        let leads = (1...1500).map { #"{"id": \#($0), "phone": "8 (916) 123-45-\#(10 + $0 % 90)", "sourceComment": "срочно, бюджет 5 млн"}"# }
        let body = Array(#"{"leads": [\#(leads.joined(separator: ","))]}"#.utf8)
        func request(explain: Bool) throws -> EvaluationRequest {
            try EvaluationRequest.parse(body, query: ["explain": "\(explain)", "now": "2026-11-20T12:00:00Z"], maxBatch: 2000, receivedAt: Date()).get()
        }
        let evaluation = LeadEvaluation(pack: pack)
        // 1,500 traces take far longer than 5 ms; the batch is one chunk, so only a look per lead can see the deadline.
        let clock = ContinuousClock()
        let started = clock.now
        let answer = evaluation.answer(try request(explain: true), deadline: clock.now + .milliseconds(5))
        #expect(answer == nil)
        #expect(clock.now - started < .seconds(5))
        // Without explain, and with time enough, the same batch is answered whole.
        #expect(evaluation.answer(try request(explain: false), deadline: clock.now + .seconds(600))?.status == 200)
    }
}
