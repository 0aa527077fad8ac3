import LinerSim
import LinerWire

/// A started simulator with helpers for the requests the tests make.
struct SimFixture {
    static let apiKey = "sim-test-key-7f3a9c"
    /// A fixed clock: 2026-11-20T12:00:00Z.
    static let fixedNow = 1_795_176_000.0

    let simulator: LinerSimulator
    let port: UInt16

    /// Starts a simulator on a free port with `leads` (the standard ones by default).
    static func start(
        leads: [JSONValue] = SimFixture.standardLeads,
        faults: FaultRates = FaultRates(),
        seed: UInt64 = 7,
        configure: (inout LinerSimConfiguration) -> Void = { _ in }
    ) async throws -> SimFixture {
        var configuration = LinerSimConfiguration(apiKey: apiKey, faults: faults, seed: seed, now: { SimFixture.fixedNow })
        configure(&configuration)
        let simulator = LinerSimulator(configuration: configuration, leads: leads)
        let port = try await simulator.start()
        return SimFixture(simulator: simulator, port: port)
    }

    func stop() async { await simulator.stop() }

    /// Stops the simulator without waiting (for `defer`, which cannot await).
    func stopInBackground() {
        let simulator = self.simulator
        Task { await simulator.stop() }
    }

    /// `GET target` with the right key (or `key`).
    func get(_ target: String, key: String? = SimFixture.apiKey) async throws -> RawHTTP.Response? {
        var headers: [String: String] = [:]
        if let key { headers["X-Api-Key"] = key }
        return try await RawHTTP.send(port: port, method: "GET", target: target, headers: headers)
    }

    /// `POST /v2/lead/update/{id}/` with `body`.
    func update(_ id: Int, _ body: String, key: String? = SimFixture.apiKey, contentType: String? = "application/json") async throws -> RawHTTP.Response? {
        var headers: [String: String] = [:]
        if let key { headers["X-Api-Key"] = key }
        if let contentType { headers["Content-Type"] = contentType }
        return try await RawHTTP.send(port: port, method: "POST", target: "/v2/lead/update/\(id)/", headers: headers, body: body)
    }

    /// Three leads with distinct statuses, orders, creation times and custom values.
    static let standardLeads: [JSONValue] = [
        .object([
            ("id", 101), ("name", "Ирина"), ("phone", "+79161234567"), ("sourceComment", "Перезвоните"),
            ("statusId", 1), ("priority", 1), ("utcOffset", .null), ("createdAt", "2026-11-20T09:12:00+03:00"),
            ("orderId", 17), ("vkId", "555"), ("customValues", .object([("10", "quiz"), ("11", 5)])),
        ]),
        .object([
            ("id", 102), ("name", "Олег"), ("phone", "+74951234567"), ("statusId", 5), ("priority", 3),
            ("utcOffset", 3), ("createdAt", "2026-11-21T10:00:00+03:00"), ("orderId", 18), ("customValues", .array([])),
        ]),
        .object([
            ("id", 103), ("name", "Анна"), ("phone", "+375291234567"), ("statusId", 9), ("priority", 2),
            ("createdAt", "2026-11-22T08:30:00Z"), ("orderId", 17),
        ]),
    ]

    /// `count` generated leads with ids 1...count: status cycles 1, 5, 9; order 17 or 18 by parity;
    /// created one hour apart from 2026-11-01T00:00:00Z.
    static func generatedLeads(_ count: Int) -> [JSONValue] {
        (1...count).map { id in
            let hour = id - 1
            let created = "2026-11-\(String(1 + hour / 24).leftPadded(2))T\(String(hour % 24).leftPadded(2)):00:00Z"
            return .object([
                ("id", .int(id)), ("name", .string("Lead \(id)")), ("phone", .string("+7916000\(String(id).leftPadded(4))")),
                ("statusId", .int([1, 5, 9][id % 3])), ("orderId", .int(id % 2 == 0 ? 18 : 17)), ("createdAt", .string(created)),
            ])
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
