import EnrichServer
import Foundation
import Hummingbird
import HummingbirdTesting
import LeadEngine
import Testing

/// The API's patch is `enrich run`'s, byte for byte, for the same lead and `now` (the sample leads, the default pack).
@Suite("enrich serve: parity with enrich run", .serialized)
struct EvaluationParityTests {
    static let now = "2026-11-20T12:00:00Z"

    /// `enrich run --explain` over the samples: lead id -> printed line.
    static func runLines() throws -> [Int: String] {
        let process = Process()
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("enrich").path) {
            directory.deleteLastPathComponent()
        }
        process.executableURL = directory.appendingPathComponent("enrich")
        process.arguments = ["run", "--rules", ServerFixture.defaultPack, "--input", ServerFixture.samples, "--now", now, "--explain"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var lines: [Int: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let id = try #require(try JSONParser.parse(String(line))["leadId"]?.intValue)
            lines[id] = String(line)
        }
        return lines
    }

    static func sampleLeads() throws -> [String] {
        try String(contentsOfFile: ServerFixture.samples, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("Each sample lead's answer starts with enrich run's line; leads run leaves out get an empty patch")
    func singleLeads() async throws {
        let lines = try Self.runLines()
        #expect(lines.count >= 5, "the samples should give several patches")
        let server = try ServerFixture.server(rules: ServerFixture.defaultPack)
        try await server.application().test(.router) { client in
            for text in try Self.sampleLeads() {
                let id = try #require(try JSONParser.parse(text)["id"]?.intValue)
                try await client.execute(uri: "/v1/evaluate?now=\(Self.now)", method: .post, body: ByteBuffer(string: text)) { response in
                    #expect(response.status == .ok)
                    let body = String(buffer: response.body)
                    if let line = lines[id] {
                        #expect(body.hasPrefix(String(line.dropLast()) + ","), "lead \(id): \(body) vs \(line)")
                    } else {
                        #expect(body.hasPrefix("{\"leadId\":\(id),\"patch\":{},"), "lead \(id): \(body)")
                    }
                    #expect(ServerFixture.parsed(response.body)?["rulesDigest"]?.stringValue == server.store.current.digest)
                }
            }
        }
    }

    @Test("A batch of the sample leads answers the same lines, in order")
    func batch() async throws {
        let lines = try Self.runLines()
        let leads = try Self.sampleLeads()
        let server = try ServerFixture.server(rules: ServerFixture.defaultPack)
        try await server.application().test(.router) { client in
            let body = "{\"leads\":[" + leads.joined(separator: ",") + "]}"
            try await client.execute(uri: "/v1/evaluate?now=\(Self.now)", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                guard case let .array(results)? = try ServerFixture.json(response.body)["results"] else {
                    Issue.record("no results")
                    return
                }
                #expect(results.count == leads.count)
                for (index, result) in results.enumerated() {
                    let id = try #require(result["leadId"]?.intValue)
                    #expect(result["index"]?.intValue == index)
                    if let line = lines[id] {
                        #expect(JSONWriter.write(result).hasPrefix(String(line.dropLast()) + ","), "lead \(id)")
                    } else {
                        #expect(result["patch"] == .object([]))
                    }
                }
            }
        }
    }
}
