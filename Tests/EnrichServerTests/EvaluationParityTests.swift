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

    /// `enrich run --explain` over the samples: lead id -> printed line, and the input lines it reported as errors.
    static func run() throws -> (lines: [Int: String], failedLines: Set<Int>) {
        let process = Process()
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("enrich").path) {
            directory.deleteLastPathComponent()
        }
        process.executableURL = directory.appendingPathComponent("enrich")
        process.arguments = ["run", "--rules", ServerFixture.defaultPack, "--input", ServerFixture.samples, "--now", now, "--explain"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var failedLines: Set<Int> = []
        for line in errors.split(separator: "\n") where line.hasPrefix(ServerFixture.samples + ":") {
            if let number = Int(line.dropFirst(ServerFixture.samples.count + 1).prefix { $0.isNumber }) { failedLines.insert(number) }
        }
        var lines: [Int: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let id = try #require(try JSONParser.parse(String(line))["leadId"]?.intValue)
            lines[id] = String(line)
        }
        return (lines, failedLines)
    }

    static func sampleLeads() throws -> [String] {
        try String(contentsOfFile: ServerFixture.samples, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("Each sample lead's answer starts with enrich run's line; leads run leaves out get an empty patch; records run refuses are refused")
    func singleLeads() async throws {
        let (lines, failedLines) = try Self.run()
        #expect(lines.count >= 5, "the samples should give several patches")
        #expect(failedLines.count >= 2, "the samples hold records that are not leads")
        let server = try ServerFixture.server(rules: ServerFixture.defaultPack)
        try await server.application().test(.router) { client in
            for (index, text) in try Self.sampleLeads().enumerated() {
                if failedLines.contains(index + 1) {
                    try await client.execute(uri: "/v1/evaluate?now=\(Self.now)", method: .post, body: ByteBuffer(string: text)) { response in
                        #expect(response.status == .badRequest || response.status == .unprocessableContent, "line \(index + 1)")
                    }
                    continue
                }
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

    @Test("A batch of the sample leads answers the same lines, in order; a record that is not a lead gets an error")
    func batch() async throws {
        let (lines, _) = try Self.run()
        // The sample lines that are JSON (one is cut short: a batch must be JSON as a whole).
        let leads = try Self.sampleLeads().filter { text in
            do { _ = try JSONParser.parse(text); return true } catch { return false }
        }
        let server = try ServerFixture.server(rules: ServerFixture.defaultPack)
        try await server.application().test(.router) { client in
            let body = "{\"leads\":[" + leads.joined(separator: ",") + "]}"
            try await client.execute(uri: "/v1/evaluate?now=\(Self.now)", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                guard case let .array(results)? = ServerFixture.parsed(response.body)?["results"] else {
                    Issue.record("no results")
                    return
                }
                #expect(results.count == leads.count)
                #expect(results.filter { $0["error"] != nil }.count == 2, "no id; a utcOffset that is not a number")
                for (index, result) in results.enumerated() {
                    #expect(result["index"]?.intValue == index)
                    guard result["error"] == nil else { continue }
                    let id = try #require(result["leadId"]?.intValue)
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
