import EnrichServer
import Foundation
import Hummingbird
import HummingbirdTesting
import LeadEngine
import Testing

/// The committed OpenAPI document and the routes agree: each documented operation is served (not 404/405), the
/// served document is the committed file, and the answers carry the members the schemas require.
@Suite("enrich serve: OpenAPI document")
struct OpenAPITests {
    static var document: JSONValue {
        get throws {
            let path = ServerFixture.root.appendingPathComponent("Sources/EnrichServer/Resources/openapi.json").path
            return try JSONParser.parse(try String(contentsOfFile: path, encoding: .utf8))
        }
    }

    @Test("Every documented operation is routed, and /openapi.json serves the committed file")
    func routes() async throws {
        let document = try Self.document
        guard case let .object(paths)? = document["paths"] else { Issue.record("no paths"); return }
        let server = try ServerFixture.server(rules: try ServerFixture.directory(["a.rules": ServerFixture.rules]))
        try await server.application().test(.router) { client in
            for (path, operations) in paths {
                for (method, _) in operations.objectMembers ?? [] {
                    let body: ByteBuffer? = method == "post" ? ByteBuffer(string: path == "/" ? "lead=%7B%22id%22%3A1%7D" : #"{"id": 1}"#) : nil
                    try await client.execute(uri: path, method: HTTPRequest.Method(method.uppercased())!, body: body) { response in
                        #expect(response.status != .notFound && response.status != .methodNotAllowed, "\(method) \(path)")
                        let declared = document["paths"]?[path]?[method]?["responses"]?[String(response.status.code)]
                        #expect(declared != nil, "\(method) \(path) answered \(response.status.code), which the document does not list")
                    }
                }
            }
            let committed = try Self.document
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(ServerFixture.parsed(response.body) == committed)
            }
        }
    }

    @Test("The evaluate answer has every member the Result schema requires")
    func resultSchema() async throws {
        let required = try Self.document["components"]?["schemas"]?["Result"]?["required"]
        guard case let .array(names)? = required else { Issue.record("no required members"); return }
        let server = try ServerFixture.server(rules: try ServerFixture.directory(["a.rules": ServerFixture.rules]))
        try await server.application().test(.router) { client in
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: #"{"id": 1}"#)) { response in
                let answer = try ServerFixture.json(response.body)
                for name in names { #expect(answer[name.stringValue ?? ""] != nil, "\(name)") }
            }
        }
    }
}
