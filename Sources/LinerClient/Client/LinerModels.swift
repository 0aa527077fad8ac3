import LinerWire

/// One lead as Liner returns it (the `data` of lead detail, an element of a list page).
public struct LinerLead: Sendable, Equatable {
    /// The lead id (> 0).
    public var id: Int
    /// The whole lead object, members in the server's order.
    public var json: JSONValue

    /// The members of `required` that the lead object leaves out (a member that is `null` is there). An answer that
    /// leaves a field out says nothing of it: it is not an empty field, and a rule that fills empty fields must not
    /// write over what the answer did not show.
    public func leftOut(_ required: [String]) -> [String] {
        guard !required.isEmpty, case let .object(members) = json else { return [] }
        let present = Set(members.map(\.0))
        return required.filter { !present.contains($0) }
    }

    /// Compact JSON text of the lead (``json`` itself is the engine's `JSONValue`: no need to parse this).
    public var jsonText: String { json.jsonText }

    /// Reads a lead object; `nil` unless it is an object with an integer `id` > 0.
    public init?(json: JSONValue) {
        guard case .success(let lead) = Self.read(json) else { return nil }
        self = lead
    }

    private init(id: Int, json: JSONValue) {
        self.id = id
        self.json = json
    }

    /// Reads a lead object as a server sent it, or says why it is not one: not an object, no `id`, an `id`
    /// that is not an integer > 0 (a string, a float, a number beyond 64 bits, `null`, 0, negative), or a lead
    /// that holds the API key (a server echoing request headers into lead data: such a lead is never
    /// evaluated, so the key cannot travel into a patch, the journal or the output).
    public static func read(
        _ json: JSONValue, bytes: ArraySlice<UInt8>? = nil, redactor: SecretRedactor? = nil
    ) -> Result<LinerLead, LinerLeadProblem> {
        guard case .object = json else { return .failure(LinerLeadProblem("is \(json.preciseTypeName), not a lead object")) }
        guard let idValue = json["id"] else { return .failure(LinerLeadProblem("has no id")) }
        guard case let .int(id) = idValue else {
            return .failure(LinerLeadProblem("has the id \(LogSafeText.make(idValue.jsonText, limit: 64)), not an integer"))
        }
        guard id > 0 else { return .failure(LinerLeadProblem("has the id \(id), not > 0")) }
        if let redactor {
            let holdsKey = bytes.map { redactor.contains(bytes: $0) } ?? redactor.contains(json.jsonText)
            if holdsKey {
                return .failure(LinerLeadProblem("\(id) holds the API key (the server echoes request headers?): not read", id: id))
            }
        }
        return .success(LinerLead(id: id, json: json))
    }
}

/// Why an element of a lead list is not a lead.
public struct LinerLeadProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, as a phrase after "the element" ("has no id").
    public var reason: String
    /// The lead's id, when it has a usable one.
    public var id: Int?

    public init(_ reason: String, id: Int? = nil) {
        self.reason = reason
        self.id = id
    }

    public var description: String { reason }
}

/// An element of a lead list page that is not a lead, and where it was.
public struct LinerMalformedLead: Sendable, Equatable, CustomStringConvertible {
    /// The `offset` of the page.
    public var offset: Int
    /// 1-based position within the page.
    public var position: Int
    /// Why it is not a lead ("has the id \"12\", not an integer").
    public var reason: String

    public init(offset: Int, position: Int, reason: String) {
        self.offset = offset
        self.position = position
        self.reason = reason
    }

    public var description: String { "lead list at offset \(offset), element \(position): \(reason)" }
}

/// The texts of the account's reference lists (status codes and titles, custom fields' codes, titles, options) as
/// the client keeps them: control and format characters made visible, at most ``limit`` bytes.
public enum LinerReferenceText {
    /// The most UTF-8 bytes kept of one text.
    public static let limit = 256

    /// `text` safe to print and to save.
    public static func safe(_ text: String) -> String { LogSafeText.isSafe(text, limit: limit) ? text : LogSafeText.make(text, limit: limit) }
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

    /// Reads a status object; `nil` without an integer `id` and string `code`. Its texts are somebody else's bytes,
    /// printed in notes and saved in account files: control and format characters (terminal escapes, CR/LF that
    /// forge log lines) are made visible and each text is capped (``LinerReferenceText``).
    public init?(json: JSONValue) {
        guard let id = json["id"]?.intValue, let code = json["code"]?.stringValue else { return nil }
        self.id = id
        self.code = LinerReferenceText.safe(code)
        self.title = LinerReferenceText.safe(json["title"]?.stringValue ?? "")
        self.category = LinerReferenceText.safe(json["category"]?.stringValue ?? "")
        self.sort = json["sort"]?.intValue
        self.color = json["color"]?.stringValue.map(LinerReferenceText.safe)
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

    /// Reads a custom field object; `nil` without an integer `id` and string `type`. Its texts are made safe to
    /// print as a status's are (``LinerReferenceText``).
    public init?(json: JSONValue) {
        guard let id = json["id"]?.intValue, let type = json["type"]?.stringValue else { return nil }
        self.id = id
        self.type = LinerReferenceText.safe(type)
        self.title = (json["title"]?.stringValue ?? json["name"]?.stringValue).map(LinerReferenceText.safe)
        self.code = json["code"]?.stringValue.map(LinerReferenceText.safe)
        self.options = (json["params"]?.arrayElements ?? []).compactMap { option in
            guard let code = option["code"]?.stringValue.map(LinerReferenceText.safe) else { return nil }
            return Option(code: code, sort: option["sort"]?.intValue, title: option["title"]?.stringValue.map(LinerReferenceText.safe) ?? code)
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
