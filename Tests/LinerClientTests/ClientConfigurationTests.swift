import Foundation
import LinerClient
import Testing

@Suite("Client configuration")
struct ClientConfigurationTests {
    @Test(arguments: [
        "http://127.0.0.1:8089", "http://127.10.20.30", "http://localhost:9000", "http://[::1]:8089", "https://liner.example.com",
        "liner.example.com", "https://liner.example.com:8443/api/",
    ])
    func acceptedBaseURLs(_ text: String) throws {
        let url = try LinerBaseURL(text)
        #expect(url.scheme == "https" || LinerBaseURL.isLoopback(url.host))
    }

    @Test(arguments: [
        "http://liner.example.com", "http://10.0.0.1:8089", "http://127.0.0.1.example.com", "ftp://liner.example.com",
        "", "https://user:pw@liner.example.com", "https://liner.example.com/?q=1", "http://128.0.0.1",
    ])
    func refusedBaseURLs(_ text: String) {
        #expect(throws: LinerConfigurationError.self) { try LinerBaseURL(text) }
    }

    @Test func bareHostMeansHTTPSAndPrefixIsKept() throws {
        let bare = try LinerBaseURL("liner.example.com")
        #expect(bare.description == "https://liner.example.com")
        let prefixed = try LinerBaseURL("https://liner.example.com:8443/api/")
        #expect(prefixed.pathPrefix == "/api")
        #expect(prefixed.port == 8443)
        #expect(try LinerBaseURL("http://[::1]:8089").host == "::1")
    }

    @Test func resolvesFromEnvironmentAndKeyFile() throws {
        let environment = ["LINER_API_HOST": "liner.example.com", "LINER_API_KEY": " env-key\n"]
        let fromEnvironment = try LinerClientConfiguration.resolve(environment: environment)
        #expect(fromEnvironment.baseURL.description == "https://liner.example.com")
        #expect(fromEnvironment.apiKey == (try LinerAPIKey("env-key")))
        #expect(fromEnvironment.timeout == .seconds(15))
        #expect(fromEnvironment.retry.maxAttempts == 5)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("liner-key-\(UInt32.random(in: 0...UInt32.max))").path
        try "file-key\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fromFile = try LinerClientConfiguration.resolve(baseURL: "http://127.0.0.1:9", apiKeyFile: path, environment: environment)
        #expect(fromFile.apiKey == (try LinerAPIKey("file-key")))
        #expect(fromFile.baseURL.port == 9)

        #expect(throws: LinerConfigurationError.self) { try LinerClientConfiguration.resolve(environment: ["LINER_API_KEY": "k"]) }
        #expect(throws: LinerConfigurationError.self) { try LinerClientConfiguration.resolve(environment: ["LINER_API_HOST": "h.example"]) }
        #expect(throws: LinerConfigurationError.self) {
            try LinerClientConfiguration.resolve(environment: ["LINER_API_HOST": "http://api.example.com", "LINER_API_KEY": "k"])
        }
        #expect(throws: LinerConfigurationError.self) {
            try LinerClientConfiguration.resolve(apiKeyFile: "/nonexistent/key", environment: environment)
        }
    }

    @Test func backoffUsesFullJitterUnderACappedCeiling() {
        let policy = LinerRetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(1))
        #expect(policy.ceiling(afterFailure: 1) == .milliseconds(100))
        #expect(policy.ceiling(afterFailure: 2) == .milliseconds(200))
        #expect(policy.ceiling(afterFailure: 4) == .milliseconds(800))
        #expect(policy.ceiling(afterFailure: 5) == .seconds(1))
        #expect(policy.ceiling(afterFailure: 60) == .seconds(1))
        var generator = SystemRandomNumberGenerator()
        let draws = (0..<200).map { _ in policy.backoff(afterFailure: 3, using: &generator) }
        #expect(draws.allSatisfy { $0 >= .zero && $0 <= .milliseconds(400) })
        #expect(Set(draws).count > 100)
        #expect(LinerRetryPolicy(maxAttempts: 0).maxAttempts == 1)
    }
}
