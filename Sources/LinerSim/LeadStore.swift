import LinerWire

/// The simulator's leads: ordered by id, updated the way Liner applies an update.
struct LeadStore: Sendable {
    /// Each lead's members in their stored order.
    private var leads: [Int: [(String, JSONValue)]] = [:]
    private var sortedIds: [Int] = []

    init(leads: [JSONValue]) {
        for lead in leads {
            guard let id = lead["id"]?.intValue, let members = lead.objectMembers else { continue }
            self.leads[id] = members
        }
        sortedIds = self.leads.keys.sorted()
    }

    var count: Int { leads.count }

    /// The highest lead id held (0 when there is none).
    var maximumId: Int { sortedIds.last ?? 0 }

    /// Adds a lead with a new id above every other (a lead created while the simulator runs).
    mutating func append(_ members: [(String, JSONValue)], id: Int) {
        precondition(id > maximumId, "a new lead's id must be above every other")
        leads[id] = members
        sortedIds.append(id)
    }

    /// Deletes lead `id` (a lead a manager deleted while a run reads the list).
    mutating func remove(_ id: Int) {
        leads[id] = nil
        sortedIds.removeAll { $0 == id }
    }

    /// The lead `id`, or `nil`.
    func lead(_ id: Int) -> JSONValue? { leads[id].map(JSONValue.object) }

    /// All leads in id order.
    func all() -> [JSONValue] { sortedIds.compactMap { lead($0) } }

    /// The leads matching `query`, in id order, `query.offset` skipped and at most `query.limit` kept.
    func list(_ query: LeadListQuery) -> [JSONValue] {
        var skipped = 0
        var page: [JSONValue] = []
        for id in sortedIds {
            guard let members = leads[id], query.matches(JSONValue.object(members)) else { continue }
            if skipped < query.offset {
                skipped += 1
                continue
            }
            page.append(.object(members))
            if page.count == query.limit { break }
        }
        return page
    }

    /// Applies a validated update to lead `id` (which must exist) and stamps `updatedAt`.
    mutating func apply(_ update: LinerUpdate, to id: Int, updatedAt: String) {
        guard var members = leads[id] else { return }
        for (field, change) in update.changes {
            switch change {
            case let .set(value): Self.set(field.rawValue, value, in: &members)
            case .clear: Self.set(field.rawValue, .null, in: &members)
            case let .merge(entries):
                var custom = members.first(where: { $0.0 == field.rawValue })?.1.objectMembers ?? []
                for (key, value) in entries {
                    if let value {
                        Self.set(key, value, in: &custom)
                    } else {
                        custom.removeAll { $0.0 == key }
                    }
                }
                Self.set(field.rawValue, .object(custom), in: &members)
            }
        }
        Self.set("updatedAt", .string(updatedAt), in: &members)
        leads[id] = members
    }

    private static func set(_ key: String, _ value: JSONValue, in members: inout [(String, JSONValue)]) {
        if let index = members.firstIndex(where: { $0.0 == key }) {
            members[index].1 = value
        } else {
            members.append((key, value))
        }
    }
}
