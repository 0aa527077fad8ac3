import LinerWire

/// A query that `GET /v2/lead/` answers with 400.
struct QueryError: Error, Equatable {
    var message: String
}

/// The query of `GET /v2/lead/`: paging and filters.
struct LeadListQuery: Sendable, Equatable {
    static let defaultLimit = 50
    static let maximumLimit = 100

    var offset = 0
    var limit = LeadListQuery.defaultLimit
    /// Inclusive lower bound of `createdAt` (seconds since 1970).
    var createdFrom: Double?
    /// Inclusive upper bound of `createdAt` (seconds since 1970).
    var createdTo: Double?
    var statusIds: Set<Int> = []
    var orderIds: Set<Int> = []

    /// Reads the query; `statusIds[]`/`orderIds[]` may repeat (`statusIds[0]`, `statusIds[1]` also work).
    /// Unknown parameters are ignored. Errors are messages for a 400.
    static func parse(_ items: [(name: String, value: String)]) -> Result<LeadListQuery, QueryError> {
        var query = LeadListQuery()
        for (name, value) in items {
            switch name {
            case "offset":
                guard let number = Int(value), number >= 0 else { return .failure(QueryError(message: "offset must be an integer >= 0, not \"\(value)\"")) }
                query.offset = number
            case "limit":
                guard let number = Int(value), number >= 1 else { return .failure(QueryError(message: "limit must be an integer >= 1, not \"\(value)\"")) }
                guard number <= maximumLimit else { return .failure(QueryError(message: "limit must be at most \(maximumLimit), not \(number)")) }
                query.limit = number
            case "createdAt[0]", "createdAt[1]":
                guard let seconds = ISO8601Timestamp.seconds(from: value) else {
                    return .failure(QueryError(message: "\(name) must be an ISO 8601 date or date-time, not \"\(value)\""))
                }
                if name == "createdAt[0]" { query.createdFrom = seconds } else { query.createdTo = seconds }
            default:
                if let list = listName(name) {
                    guard let id = Int(value), id > 0 else { return .failure(QueryError(message: "\(list)[] must hold integers > 0, not \"\(value)\"")) }
                    if list == "statusIds" { query.statusIds.insert(id) } else { query.orderIds.insert(id) }
                }
            }
        }
        return .success(query)
    }

    /// `statusIds` or `orderIds` for `statusIds[]`, `statusIds[3]`, ...; `nil` for other names.
    private static func listName(_ name: String) -> String? {
        for list in ["statusIds", "orderIds"] where name.hasPrefix(list + "[") && name.hasSuffix("]") {
            let inner = name.dropFirst(list.count + 1).dropLast()
            if inner.isEmpty || inner.allSatisfy(\.isNumber) { return list }
        }
        return nil
    }

    /// `true` when `lead` passes the filters. With a `createdAt` window, leads without a readable `createdAt`
    /// are left out.
    func matches(_ lead: JSONValue) -> Bool {
        if !statusIds.isEmpty {
            guard let status = lead["statusId"]?.intValue, statusIds.contains(status) else { return false }
        }
        if !orderIds.isEmpty {
            guard let order = lead["orderId"]?.intValue, orderIds.contains(order) else { return false }
        }
        if createdFrom != nil || createdTo != nil {
            guard let text = lead["createdAt"]?.stringValue, let created = ISO8601Timestamp.seconds(from: text) else { return false }
            if let from = createdFrom, created < from { return false }
            if let to = createdTo, created > to { return false }
        }
        return true
    }
}
