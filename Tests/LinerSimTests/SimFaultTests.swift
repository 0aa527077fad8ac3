import LinerSim
import LinerWire
import Testing

@Suite("Simulator: fault injection", .timeLimit(.minutes(1)))
struct SimFaultTests {
    @Test func faultsBeforeApplyingNeverChangeState() async throws {
        let sim = try await SimFixture.start(faults: FaultRates(serverError: 0.3, tooManyRequests: 0.3, drop: 0.3), seed: 11) {
            $0.retryAfterSeconds = 7
        }
        defer { sim.stopInBackground() }
        var seen: [Int?] = []
        for index in 0..<40 {
            let response = try await sim.update(101, "{\"priority\": \(index)}")
            seen.append(response?.status)
            if let response, response.status != 200 {
                #expect(try response.envelope().success == false)
                if response.status == 429 { #expect(response.headers["retry-after"] == "7") }
            }
        }
        let log = await sim.simulator.requestLog()
        #expect(log.count == 40)
        for (record, status) in zip(log, seen) {
            #expect(record.status == status)
            switch record.fault {
            case .serverError?: #expect(record.status == 500 && !record.applied)
            case .tooManyRequests?: #expect(record.status == 429 && !record.applied && record.retryAfter == 7)
            case .drop?: #expect(record.status == nil && !record.applied)
            case .lostResponse?: Issue.record("no lost responses were asked for")
            case .rateLimited?: Issue.record("no rate limit was set")
            case nil: #expect(record.status == 200 && record.applied)
            }
        }
        // Each kind happened, and the final priority is the last one that was applied.
        #expect(Set(log.compactMap(\.fault)) == [.serverError, .tooManyRequests, .drop])
        let lastApplied = try #require(log.lastIndex { $0.applied })
        #expect(await sim.simulator.lead(101)?["priority"] == .int(lastApplied))
    }

    @Test("--max-rate: requests beyond the rate get 429 with Retry-After: 1 and change nothing")
    func rateLimit() async throws {
        let sim = try await SimFixture.start(faults: FaultRates(), seed: 1) { $0.maxRequestsPerSecond = 0.2 }
        defer { sim.stopInBackground() }
        for index in 0..<30 { _ = try await sim.update(101, "{\"priority\": \(index)}") }
        let log = await sim.simulator.requestLog()
        let limited = log.filter { $0.fault == .rateLimited }
        // A bucket of one request refilled every 5 s: of 30 back-to-back requests nearly all are refused.
        #expect(limited.count >= 10)
        #expect(limited.allSatisfy { $0.status == 429 && !$0.applied && $0.retryAfter == 1 })
        #expect(log.filter { $0.fault == nil }.allSatisfy { $0.applied })
    }

    @Test func lostResponseAppliesButAnswersNothing() async throws {
        let sim = try await SimFixture.start(faults: FaultRates(lostResponse: 1))
        defer { sim.stopInBackground() }
        let response = try await sim.update(101, #"{"statusId": 9}"#)
        #expect(response == nil)
        #expect(await sim.simulator.lead(101)?["statusId"] == 9)
        let record = try #require(await sim.simulator.requestLog().first)
        #expect(record.fault == .lostResponse && record.applied && record.status == nil)
    }

    @Test func slowResponsesWaitThenApply() async throws {
        let sim = try await SimFixture.start(faults: FaultRates(slow: 1)) { $0.slowDelay = .milliseconds(400) }
        defer { sim.stopInBackground() }
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try await sim.update(101, #"{"priority": 9}"#)?.status == 200)
        #expect(clock.now - started >= .milliseconds(400))
        let record = try #require(await sim.simulator.requestLog().first)
        #expect(record.slow && record.applied)
        #expect(record.finishedAt - record.receivedAt >= .milliseconds(400))
    }

    @Test func sameSeedSameFaults() async throws {
        func run() async throws -> [SimFault?] {
            let sim = try await SimFixture.start(faults: FaultRates(serverError: 0.25, tooManyRequests: 0.25), seed: 99)
            defer { sim.stopInBackground() }
            for _ in 0..<20 { _ = try await sim.get("/v2/lead/detail/101/") }
            return await sim.simulator.requestLog().map(\.fault)
        }
        let first = try await run()
        #expect(try await run() == first)
        #expect(first.contains(nil) && first.contains(.serverError))
    }

    @Test func ratesAreValidated() {
        #expect(FaultRates(serverError: 0.5, tooManyRequests: 0.4).problem == nil)
        #expect(FaultRates(serverError: 0.6, drop: 0.6).problem != nil)
        #expect(FaultRates(slow: 1.5).problem != nil)
        #expect(FaultRates(drop: -0.1).problem != nil)
    }
}
