import LinerWire

/// One lead as Liner returns it (the `data` of lead detail, an element of a list page).
public struct LinerLead: Sendable, Equatable {
    /// The lead id (> 0).
    public var id: Int
    /// The whole lead object, members in the server's order.
    public var json: JSONValue

    /// Compact JSON text of the lead (``json`` itself is the engine's `JSONValue`: no need to parse this).
    public var jsonText: String { json.jsonText }

    /// Reads a lead object; `nil` unless it is an object with an integer `id` > 0.
    public init?(json: JSONValue) {
        guard case .object = json, let id = json["id"]?.intValue, id > 0 else { return nil }
        self.id = id
        self.json = json
    }
}

/// A lead status (`GET /v2/lead-status/`). Codes are the stable names to write rules against; ids differ per
/// account.
public struct LinerLeadStatus: Sendable, Equatable {
    public var id: Int
    public var code: String
    public var title: String
    /// `in-progress`, `qualified` or `disqualified`.
    public var category: String
    public var sort: Int?
    public var color: String?
    public var isSystem: Bool?

    /// Reads a status object; `nil` without an integer `id` and string `code`.
    public init?(json: JSONValue) {
        guard let id = json["id"]?.intValue, let code = json["code"]?.stringValue else { return nil }
        self.id = id
        self.code = code
        self.title = json["title"]?.stringValue ?? ""
        self.category = json["category"]?.stringValue ?? ""
        self.sort = json["sort"]?.intValue
        self.color = json["color"]?.stringValue
        self.isSystem = json["isSystem"]?.boolValue
    }
}

/// A custom field of leads (`GET /v2/custom-field/?essence=leads`).
public struct LinerCustomField: Sendable, Equatable {
    /// One option of a select or multiselect field.
    public struct Option: Sendable, Equatable {
        public var code: String
        public var sort: Int?
        public var title: String
    }

    public var id: Int
    /// `string`, `int`, `float`, `date`, `datetime`, `bool`, `select` or `multiselect`.
    public var type: String
    public var title: String?
    public var code: String?
    /// Options of select fields.
    public var options: [Option]
    /// The whole object as sent.
    public var json: JSONValue

    /// Reads a custom field object; `nil` without an integer `id` and string `type`.
    public init?(json: JSONValue) {
        guard let id = json["id"]?.intValue, let type = json["type"]?.stringValue else { return nil }
        self.id = id
        self.type = type
        self.title = json["title"]?.stringValue ?? json["name"]?.stringValue
        self.code = json["code"]?.stringValue
        self.options = (json["params"]?.arrayElements ?? []).compactMap { option in
            guard let code = option["code"]?.stringValue else { return nil }
            return Option(code: code, sort: option["sort"]?.intValue, title: option["title"]?.stringValue ?? code)
        }
        self.json = json
    }
}

/// Filters of `GET /v2/lead/`.
public struct LinerLeadQuery: Sendable, Equatable {
    /// `createdAt[0]`: ISO 8601 start of the creation window.
    public var createdFrom: String?
    /// `createdAt[1]`: ISO 8601 end of the creation window.
    public var createdTo: String?
    /// `statusIds[]`: keep leads with one of these statuses.
    public var statusIds: [Int]
    /// `orderIds[]`: keep leads of one of these orders.
    public var orderIds: [Int]

    public init(createdFrom: String? = nil, createdTo: String? = nil, statusIds: [Int] = [], orderIds: [Int] = []) {
        self.createdFrom = createdFrom
        self.createdTo = createdTo
        self.statusIds = statusIds
        self.orderIds = orderIds
    }

    /// The query items (unencoded), filters first, then `offset` and `limit`.
    func items(offset: Int, limit: Int) -> [(String, String)] {
        var items: [(String, String)] = []
        if let createdFrom { items.append(("createdAt[0]", createdFrom)) }
        if let createdTo { items.append(("createdAt[1]", createdTo)) }
        items += statusIds.map { ("statusIds[]", String($0)) }
        items += orderIds.map { ("orderIds[]", String($0)) }
        items.append(("offset", String(offset)))
        items.append(("limit", String(limit)))
        return items
    }
}
