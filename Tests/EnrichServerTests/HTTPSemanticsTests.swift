import EnrichServer
import Foundation
import Hummingbird
import HummingbirdTesting
import LeadEngine
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What HTTP clients and load balancers expect of the server beyond its routes: `405` with `Allow`, `HEAD`, bodies
/// sent in chunks, byte order marks, a request that repeats a member, and probes that answer while leads are evaluated.
@Suite("enrich serve: HTTP semantics", .timeLimit(.minutes(10)))
struct HTTPSemanticsTests {
    static let paths: [(path: String, methods: [String])] = [
        ("/healthz", ["GET", "HEAD"]), ("/readyz", ["GET", "HEAD"]), ("/metrics", ["GET", "HEAD"]),
        ("/openapi.json", ["GET", "HEAD"]), ("/v1/evaluate", ["POST"]), ("/", ["GET", "HEAD", "POST"]),
    ]

    func withServer(maxBody: Int = 1 << 20, maxBatch: Int = 100, _ mode: TestingSetup = .router,
                    _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let server = try ServerFixture.server(rules: try ServerFixture.directory(["a.rules": ServerFixture.rules]),
                                              maxBody: maxBody, maxBatch: maxBatch)
        try await server.application().test(mode) { client in try await body(client) }
    }

    @Test("A known path asked with another method: 405 naming the methods it takes, in Allow too; an unknown path: 404")
    func methodNotAllowed() async throws {
        try await withServer { client in
            for (path, methods) in Self.paths {
                for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] where !methods.contains(method.rawValue) {
                    try await client.execute(uri: path, method: method) { response in
                        #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                        #expect(response.headers[.allow].map { $0.components(separatedBy: ", ") } == methods, "\(method) \(path)")
                        #expect(ServerFixture.parsed(response.body)?["error"]?.stringValue?.contains(path) == true)
                    }
                }
            }
            try await client.execute(uri: "/v2/evaluate", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/healthz/x", method: .delete) { #expect($0.status == .notFound) }
        }
    }

    @Test("HEAD of every GET route: GET's status and headers, no body")
    func head() async throws {
        try await withServer { client in
            for (path, methods) in Self.paths where methods.contains("GET") {
                let get = try await client.execute(uri: path, method: .get) { $0 }
                try await client.execute(uri: path, method: .head) { response in
                    #expect(response.status == get.status, "HEAD \(path)")
                    #expect(response.headers[.contentType] == get.headers[.contentType], "HEAD \(path)")
                    #expect(response.body.readableBytes == 0, "HEAD \(path)")
                }
            }
        }
    }

    @Test("A body with a UTF-8 byte order mark is read as without it; UTF-16 is refused naming it; a request giving \"leads\" twice is refused")
    func encodingsAndRepeatedMembers() async throws {
        try await withServer { client in
            let lead = Array(#"{"id": 5, "phone": "+74951234567"}"#.utf8)
            let plain = try await client.execute(uri: "/v1/evaluate?now=2026-11-25T09:00:00Z", method: .post, body: ByteBuffer(bytes: lead)) { $0 }
            #expect(plain.status == .ok)
            try await client.execute(uri: "/v1/evaluate?now=2026-11-25T09:00:00Z", method: .post,
                                     body: ByteBuffer(bytes: [0xEF, 0xBB, 0xBF] + lead)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == String(buffer: plain.body))
            }
            let units: [UInt8] = #"{"id": 5}"#.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
            let utf16: [UInt8] = [0xFF, 0xFE] + units
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(bytes: utf16)) { response in
                #expect(response.status == .badRequest)
                #expect(ServerFixture.parsed(response.body)?["error"]?.stringValue?.contains("UTF-16") == true)
            }
            let twice = #"{"leads": [{"id": 5}], "leads": [{"id": 6}]}"#
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: twice)) { response in
                #expect(response.status == .badRequest)
                #expect(ServerFixture.parsed(response.body)?["error"]?.stringValue?.contains("\"leads\" twice") == true)
            }
            // A lead that repeats a member is refused as a lead, as `enrich run` refuses it.
            try await client.execute(uri: "/v1/evaluate", method: .post, body: ByteBuffer(string: #"{"id": 5, "id": 6}"#)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(ServerFixture.parsed(response.body)?["error"]?.stringValue?.contains("\"id\" is given twice") == true)
            }
        }
    }

    @Test("A chunked body (no Content-Length) over --max-body: 413 naming the option")
    func chunkedBodyOverTheLimit() async throws {
        try await withServer(maxBody: 2048, .live) { client in
            let port = try #require(client.port)
            let comment = String(repeating: "x", count: 3000)
            let body = #"{"id": 1, "sourceComment": "\#(comment)"}"#
            var request = "POST /v1/evaluate HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            for chunk in stride(from: 0, to: body.utf8.count, by: 500).map({ Array(body.utf8.dropFirst($0).prefix(500)) }) {
                request += String(chunk.count, radix: 16) + "\r\n" + String(decoding: chunk, as: UTF8.self) + "\r\n"
            }
            request += "0\r\n\r\n"
            let answer = try RawHTTP.exchange(port: port, request)
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer.prefix(200))")
            #expect(answer.contains("--max-body"))
        }
    }

    @Test("/healthz and /readyz answer while large batches are being evaluated, before any of them is done")
    func probesDuringBatches() async throws {
        // Batches of leads in proportion to the cores (each batch is spread over them), more batches than the
        // server evaluates at once; a long request timeout: on a loaded machine (the whole suite at once) the
        // batches queue for minutes.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let size = 1000 * max(2, cores)
        let server = try ServerFixture.server(rules: ServerFixture.defaultPack, maxBody: 256 << 20, maxBatch: size, requestTimeout: .seconds(900))
        let leads = (1...size).map { id in
            #"{"id": \#(id), "phone": "8 (916) \#(100 + id % 900)-45-67", "sourceComment": "Перезвоните срочно, бюджет 150 000, нужен \#(id)"}"#
        }
        let body = ByteBuffer(string: #"{"leads": ["# + leads.joined(separator: ",") + "]}")
        let batches = max(6, cores + 2)
        try await server.application().test(.router) { client in
            let done = DoneCounter()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<batches {
                    group.addTask {
                        try await client.execute(uri: "/v1/evaluate", method: .post, body: body) { #expect($0.status == .ok) }
                        done.add()
                    }
                }
                try await Task.sleep(for: .milliseconds(300))
                for path in ["/healthz", "/readyz"] {
                    try await client.execute(uri: path, method: .get) { #expect($0.status == .ok) }
                    #expect(done.value == 0, "\(path) answered only after \(done.value) of \(batches) batches were done")
                }
                try await group.waitForAll()
            }
            #expect(done.value == batches)
        }
    }
}

/// A counter shared by tasks.
final class DoneCounter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

/// One HTTP exchange written byte for byte over a socket (for what an HTTP client library will not send).
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `request` to 127.0.0.1:`port` and reads the answer until the server closes the connection.
    static func exchange(port: Int, _ request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(String(cString: strerror(errno)))") }
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer 413 and close before taking the whole body: what it said is still to be read.
            if count <= 0 { break }
            sent += count
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
