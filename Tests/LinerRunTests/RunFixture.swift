import Foundation
import LeadEngine
import LinerClient
import LinerRun
import LinerSim
import LinerWire
import RunJournal
import Synchronization

/// A simulator seeded with generated leads, a ruleset, and what the final state must be.
struct RunFixture {
    static let apiKey = "run-test-key-5ecret-77aa"

    /// Rules small enough to load fast, touching the kinds of fields a real pack writes.
    static let rules = """
        status new = 1, junk = 9, qualified = 5

        transitions {
          new -> junk
          new -> qualified
        }

        table "Zones" {
          fill utcOffset from e164(phone) by longest prefix
          "7495" => 3
          "7383" => 7
          "49" => 1
        }

        rule "Urgent" {
          when sourceComment ~ /срочно|urgent/i
          set priority = 9
        }

        rule "Junk: repeated digits" {
          when status == new and e164(phone) ~ /^7(\\d)\\1{9}$/
          move new -> junk
        }

        rule "Qualified from the quiz" {
          when status == new and sourceComment ~ /готов купить/i
          move new -> qualified
        }
        """

    static func engine() throws -> Engine { try Engine(source: rules, path: "test.rules") }

    /// `count` leads with ids 1...count, created a minute apart from 2026-11-01T00:00:00Z.
    static func leads(_ count: Int) -> [JSONValue] {
        let phones = ["+74951234567", "+73831234567", "+4930123456", "+77777777777", "+15551234567", "+79161234567"]
        let comments = ["", "срочно перезвоните", "просто смотрю", "Готов купить сегодня", "URGENT please", "нет"]
        return (1...count).map { id in
            var members: [(String, JSONValue)] = [
                ("id", .int(id)),
                ("name", .string("Lead \(id)")),
                ("phone", .string(phones[id % phones.count])),
                ("sourceComment", .string(comments[(id / 6) % comments.count])),
                ("statusId", .int(id % 7 == 0 ? 2 : 1)),
                ("priority", .int(5)),
                ("createdAt", .string(Timestamp.format(Date(timeIntervalSince1970: 1_793_491_200 + Double(id) * 60)))),
            ]
            // As Liner sends a lead: every field, null when empty (a list that leaves one out costs a detail read).
            members.append(("utcOffset", id % 5 == 0 ? .int(0) : .null))
            return .object(members)
        }
    }

    /// What each lead must look like after a correct apply run: the seed with the engine's patch applied.
    static func expected(_ leads: [JSONValue], engine: Engine, now: Date) throws -> (state: [Int: JSONValue], patches: [Int: String]) {
        var state: [Int: JSONValue] = [:]
        var patches: [Int: String] = [:]
        for lead in leads {
            let evaluation = engine.evaluate(try Lead(json: lead), now: now)
            guard case var .object(members) = lead else { continue }
            if !evaluation.patch.isEmpty {
                patches[evaluation.leadId] = evaluation.patch.jsonBody()
                for (field, value) in evaluation.patch.fields {
                    if let index = members.firstIndex(where: { $0.0 == field }) { members[index].1 = value } else { members.append((field, value)) }
                }
            }
            state[evaluation.leadId] = .object(members)
        }
        return (state, patches)
    }

    /// The simulator's leads without `updatedAt` (the one field it stamps itself), by id.
    static func finalState(_ simulator: LinerSimulator) async throws -> [Int: JSONValue] {
        var state: [Int: JSONValue] = [:]
        for lead in await simulator.leads() {
            guard case let .object(members) = lead, let id = lead["id"]?.intValue else { continue }
            state[id] = .object(members.filter { $0.0 != "updatedAt" })
        }
        return state
    }

    static func clientConfiguration(port: UInt16, timeout: Duration = .seconds(5), rate: Double? = nil) throws -> LinerClientConfiguration {
        LinerClientConfiguration(
            baseURL: try LinerBaseURL("http://127.0.0.1:\(port)"),
            apiKey: try LinerAPIKey(apiKey),
            timeout: timeout,
            retry: LinerRetryPolicy(maxAttempts: 12, baseDelay: .milliseconds(10), maxDelay: .milliseconds(100)),
            maxConcurrentRequests: 8,
            rateLimit: rate.map { LinerRateLimit(requestsPerSecond: $0, burst: 1) }
        )
    }

    static func temporaryPath(_ name: String) -> String {
        let directory = NSTemporaryDirectory() + "liner-run-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + "/" + name
    }

    /// Collects a run's events.
    final class Events: Sendable {
        private let store = Mutex<(output: [String], problems: [String], notices: [String])>(([], [], []))
        func handle(_ event: RunEvent) {
            store.withLock { store in
                switch event {
                case let .output(line): store.output.append(line)
                case let .problem(message): store.problems.append(message)
                case let .notice(message): store.notices.append(message)
                case .progress: break
                }
            }
        }
        var output: [String] { store.withLock { $0.output } }
        var problems: [String] { store.withLock { $0.problems } }
        var notices: [String] { store.withLock { $0.notices } }
    }
}

/// Ordered equality of fields is not required: compares objects member by member.
func sameObject(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
    guard case let .object(x)? = a, case let .object(y)? = b, x.count == y.count else { return a == b }
    let left = Dictionary(x, uniquingKeysWith: { $1 }), right = Dictionary(y, uniquingKeysWith: { $1 })
    return left == right
}
