import LinerClient
import LinerSim
import LinerWire

/// A simulator and a client configuration pointing at it.
struct ClientFixture {
    static let apiKey = "client-test-key-c0ffee42"

    let simulator: LinerSimulator
    let port: UInt16
    var configuration: LinerClientConfiguration

    /// Starts a simulator (on a free port) and makes a fast-retrying client configuration for it.
    static func start(
        leads: [JSONValue] = ClientFixture.leads(40),
        faults: FaultRates = FaultRates(),
        seed: UInt64 = 5,
        simulator configureSimulator: (inout LinerSimConfiguration) -> Void = { _ in }
    ) async throws -> ClientFixture {
        var simConfiguration = LinerSimConfiguration(apiKey: apiKey, faults: faults, seed: seed)
        configureSimulator(&simConfiguration)
        let simulator = LinerSimulator(configuration: simConfiguration, leads: leads)
        let port = try await simulator.start()
        let configuration = LinerClientConfiguration(
            baseURL: try LinerBaseURL("http://127.0.0.1:\(port)"),
            apiKey: try LinerAPIKey(apiKey),
            timeout: .seconds(5),
            retry: LinerRetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200)),
            maxConcurrentRequests: 4,
            rateLimit: nil
        )
        return ClientFixture(simulator: simulator, port: port, configuration: configuration)
    }

    func stop() async { await simulator.stop() }

    /// Stops the simulator without waiting (for `defer`, which cannot await).
    func stopInBackground() {
        let simulator = self.simulator
        Task { await simulator.stop() }
    }

    /// Runs `body` with a client for ``configuration`` and shuts it down.
    func withClient<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (LinerClient) async throws -> T
    ) async throws -> T {
        try await withLinerClient(configuration, isolation: isolation, body)
    }

    /// `count` leads with ids 1...count: status cycles 1, 5, 9; created hourly from 2026-11-01T00:00Z.
    static func leads(_ count: Int) -> [JSONValue] {
        (1...count).map { id in
            let hour = id - 1
            let day = 1 + hour / 24
            let created = "2026-11-\(day < 10 ? "0" : "")\(day)T\(hour % 24 < 10 ? "0" : "")\(hour % 24):00:00Z"
            return .object([
                ("id", .int(id)), ("name", .string("Lead \(id)")), ("statusId", .int([1, 5, 9][id % 3])),
                ("priority", 1), ("utcOffset", .null), ("orderId", .int(id % 2 == 0 ? 18 : 17)),
                ("createdAt", .string(created)), ("customValues", .object([])),
            ])
        }
    }
}
