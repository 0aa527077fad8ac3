import Foundation
import Testing

/// `enrich serve` as a process: what it refuses to start with, and how it stops.
@Suite("enrich serve: command line", .serialized)
struct ServeCLITests {
    static var binary: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("enrich").path) {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("enrich")
    }

    static func start(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve"] + arguments
        let err = Pipe()
        process.standardOutput = Pipe()
        process.standardError = err
        try process.run()
        return (process, err)
    }

    static func finish(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let (process, err) = try start(arguments)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("Off loopback without --token-file it refuses to start, naming the option")
    func tokenRequired() throws {
        let result = try Self.finish(["--rules", ServerFixture.defaultPack, "--host", "0.0.0.0", "--port", "0"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--token-file"))
    }

    @Test("Rules that do not load: exit 2 with file:line:column")
    func brokenRules() throws {
        let directory = try ServerFixture.directory(["a.rules": ServerFixture.rules.replacingOccurrences(of: "utcOffset", with: "utcOfset")])
        let result = try Self.finish(["--rules", directory, "--port", "0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("a.rules:5:8"), "\(result.stderr)")
    }

    @Test("SIGTERM: it stops and exits 0; the token is never printed")
    func sigterm() async throws {
        let directory = try ServerFixture.directory(["a.rules": ServerFixture.rules, "token": "tok-9d2e-secret\n"])
        let (process, err) = try Self.start(["--rules", directory, "--port", "0", "--token-file", directory + "/token", "--reload-interval", "0.2"])
        // Wait for "listening on", then stop it.
        let handle = err.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("listening on http://"), Date() < deadline {
            let chunk = handle.availableData
            if chunk.isEmpty {
                if !process.isRunning { break }
                try await Task.sleep(for: .milliseconds(50))
                continue
            }
            text += String(decoding: chunk, as: UTF8.self)
        }
        #expect(text.contains("listening on http://127.0.0.1:"))
        process.terminate()
        text += String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(!text.contains("tok-9d2e-secret"))
    }
}
