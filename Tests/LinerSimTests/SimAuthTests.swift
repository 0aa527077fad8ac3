import LinerSim
import LinerWire
import Synchronization
import Testing

@Suite("Simulator: API key", .timeLimit(.minutes(1)))
struct SimAuthTests {
    @Test(arguments: [nil, "wrong-key", "", SimFixture.apiKey + "x"] as [String?])
    func wrongOrMissingKeyIs401(_ key: String?) async throws {
        let sim = try await SimFixture.start()
        defer { sim.stopInBackground() }
        let read = try #require(try await sim.get("/v2/lead/detail/101/", key: key))
        #expect(read.status == 401)
        #expect(try read.envelope().success == false)
        let write = try #require(try await sim.update(101, #"{"name": "x"}"#, key: key))
        #expect(write.status == 401)
        #expect(await sim.simulator.lead(101) == SimFixture.standardLeads[0])
    }

    @Test func keyNeverReachesTheLog() async throws {
        let key = SimFixture.apiKey
        let printed = PrintedLines()
        let sim = try await SimFixture.start {
            $0.onRequest = { printed.append($0.description) }
        }
        defer { sim.stopInBackground() }
        // The key sent properly, as a field name, inside a value and in the path and query.
        _ = try await sim.update(101, #"{"name": "ok"}"#)
        _ = try await sim.update(101, "{\"\(key)\": 1}")
        _ = try await sim.update(101, "{\"vkId\": \"\(key)\"}")
        _ = try await sim.get("/v2/lead/detail/\(key)/")
        _ = try await sim.get("/v2/lead/?statusIds%5B%5D=\(key)")
        _ = try await sim.get("/v2/lead/", key: key + "-wrong")

        let log = await sim.simulator.requestLog()
        #expect(log.count == 6)
        for record in log {
            #expect(!record.description.contains(key))
            #expect(!record.path.contains(key) && !record.message.contains(key))
        }
        #expect(log.contains { $0.message.contains("<redacted>") })
        #expect(printed.lines.count == 6)
        #expect(printed.lines.allSatisfy { !$0.contains(key) })
    }
}

/// Lines collected from the simulator's live log callback.
final class PrintedLines: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var lines: [String] { storage.withLock { $0 } }
}
