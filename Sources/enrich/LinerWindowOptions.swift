import ArgumentParser
import Foundation
import LinerRun

/// Which leads of the account: the creation window and the filters `run` and `diff --source liner` share.
struct LinerWindowOptions: ParsableArguments {
    @Option(name: .customLong("created-from"), parsing: .unconditional, help: ArgumentHelp("Leads created at or after this ISO 8601 time (run: default, continue from the last successful run).", valueName: "time"))
    var createdFrom: String?

    @Option(name: .customLong("created-to"), parsing: .unconditional, help: ArgumentHelp("Leads created at or before this ISO 8601 time (default: now).", valueName: "time"))
    var createdTo: String?

    @Option(name: .customLong("status"), help: ArgumentHelp("Only leads in this status (a code such as new; repeatable). Filtered as read, not by the server, so that status changes made by a run do not shift the pages.", valueName: "code"))
    var statuses: [String] = []

    @Option(name: .customLong("order"), help: ArgumentHelp("Only leads of this order id (repeatable).", valueName: "id"))
    var orders: [Int] = []

    var usesWindowOrFilters: Bool { createdFrom != nil || createdTo != nil || !statuses.isEmpty || !orders.isEmpty }

    func validate() throws {
        for (name, value) in [("--created-from", createdFrom), ("--created-to", createdTo)] {
            if let value, Timestamp.parse(value) == nil {
                throw ValidationError("\(name) must be an ISO 8601 time such as 2026-11-01T00:00:00Z, not \"\(value)\"")
            }
        }
        for order in orders where order <= 0 {
            throw ValidationError("--order must be an order id > 0, not \(order)")
        }
    }

    /// A window that can hold no lead is a mistake, not an empty run: `--created-from` after `--created-to`,
    /// or after the reference time.
    func checkHoldsLeads(now: Date, nowOption: String?) throws {
        let from = createdFrom.flatMap(Timestamp.parse)
        let to = createdTo.flatMap(Timestamp.parse)
        if let from, let to, from > to {
            throw ValidationError("--created-from \(createdFrom ?? "") is later than --created-to \(createdTo ?? ""): the window holds no lead")
        }
        if let from, from > now {
            let reference = nowOption.map { "--now \($0)" } ?? "now (\(Timestamp.format(now)))"
            throw ValidationError("--created-from \(createdFrom ?? "") is later than \(reference): no lead can have been created yet")
        }
    }
}
