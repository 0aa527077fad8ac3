import LinerClient
import LinerSim
import LinerWire
import Logging
import Testing

@Suite("Client: the API key never leaks", .timeLimit(.minutes(1)))
struct ClientSecrecyTests {
    @Test func configurationDescriptionsRedactTheKey() throws {
        let secret = "super-secret-token-123"
        let configuration = LinerClientConfiguration(baseURL: try LinerBaseURL("https://liner.example.com"), apiKey: try LinerAPIKey(secret))
        var dumped = ""
        dump(configuration, to: &dumped)
        var dumpedKey = ""
        dump(configuration.apiKey, to: &dumpedKey)
        let renderings = [
            String(describing: configuration), String(reflecting: configuration), "\(configuration)", dumped,
            String(describing: configuration.apiKey), String(reflecting: configuration.apiKey), dumpedKey,
            String(describing: Mirror(reflecting: configuration).children.map { "\($0.label ?? ""): \($0.value)" }),
        ]
        for text in renderings {
            #expect(!text.contains(secret))
        }
        #expect(String(describing: configuration).contains("<redacted>"))
        #expect(String(describing: configuration).contains("https://liner.example.com"))
    }

    @Test func errorsAndLogsNeverCarryTheKey() async throws {
        var fixture = try await ClientFixture.start(faults: FaultRates(serverError: 0.3, tooManyRequests: 0.2, drop: 0.1), seed: 8) {
            $0.retryAfterSeconds = 0
        }
        defer { fixture.stopInBackground() }
        let key = ClientFixture.apiKey
        let store = CapturingLogHandler.Store()
        fixture.configuration.retry.maxAttempts = 3
        var texts: [String] = []

        try await withLinerClient(fixture.configuration, logger: CapturingLogHandler.logger(store)) { client in
            for id in 1...10 {
                do { try await client.update(leadId: id, body: #"{"priority": 3}"#) } catch { texts.append(String(describing: error)) }
                // A server message that echoes the key is redacted too.
                do { try await client.update(leadId: id, body: "{\"vkId\": \"\(key)\"}") } catch let error as LinerCallError {
                    texts.append(String(describing: error))
                    texts.append(String(describing: error.report))
                }
            }
        }
        // Wrong key, then nothing listening at all.
        var wrongKey = fixture.configuration
        wrongKey.apiKey = try LinerAPIKey(key + "-wrong")
        try await withLinerClient(wrongKey, logger: CapturingLogHandler.logger(store)) { client in
            do { _ = try await client.lead(id: 1) } catch { texts.append(String(describing: error)) }
        }
        await fixture.stop()
        // (AsyncHTTPClient keeps trying a refused connection until its connect timeout: keep that short.)
        var nobodyListening = fixture.configuration
        nobodyListening.timeout = .milliseconds(300)
        try await withLinerClient(nobodyListening, logger: CapturingLogHandler.logger(store)) { client in
            do { _ = try await client.statuses() } catch let error as LinerCallError {
                texts.append(String(describing: error))
                #expect(error.report.attempts.allSatisfy { if case .connectionFailed = $0.result { true } else { false } })
            }
        }

        #expect(texts.count >= 12)
        #expect(!store.all.isEmpty)
        for text in texts + store.all {
            #expect(!text.contains(key))
        }
        let log = await fixture.simulator.requestLog()
        #expect(!log.isEmpty)
        #expect(log.allSatisfy { !$0.description.contains(key) })
    }

    @Test func configurationErrorsDoNotEchoTheKey() {
        let key = "bad key with spaces"
        do {
            _ = try LinerAPIKey(key)
            Issue.record("a key with spaces was accepted")
        } catch {
            #expect(!error.description.contains(key))
        }
    }
}
