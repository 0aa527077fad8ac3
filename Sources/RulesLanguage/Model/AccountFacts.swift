/// What a Liner account says about its leads: its lead statuses (with their categories) and its
/// custom fields (with their types and select options). Saved by `enrich account pull` as
/// `account.json` (see ``AccountFacts/jsonText`` and ``AccountFacts/parse(_:)``), fetched live by
/// every run; the checker checks rules against it (``Checker/check(_:now:account:)``).
///
/// It holds no secret: never the API key, only where the facts came from and when.
public struct AccountFacts: Sendable, Equatable {
    /// A lead status (`GET /v2/lead-status/`).
    public struct Status: Sendable, Equatable {
        public var id: Int
        public var code: String
        public var title: String
        /// `in-progress`, `qualified` or `disqualified` (see ``AccountFacts/statusCategories``);
        /// empty when the source did not say.
        public var category: String

        public init(id: Int, code: String, title: String = "", category: String = "") {
            self.id = id
            self.code = code
            self.title = title
            self.category = category
        }
    }

    /// A custom field of leads (`GET /v2/custom-field/?essence=leads`), written as `customValues[ID]`.
    public struct CustomField: Sendable, Equatable {
        /// One option of a `select` or `multiselect` field: a lead holds its `code`.
        public struct Option: Sendable, Equatable {
            public var code: String
            public var title: String

            public init(code: String, title: String = "") {
                self.code = code
                self.title = title
            }
        }

        public var id: Int
        public var code: String
        public var title: String
        /// `string`, `int`, `float`, `date`, `datetime`, `bool`, `select` or `multiselect` (see
        /// ``AccountFacts/customFieldTypes``); another type is kept and its values are not checked.
        public var type: String
        /// The options of a select or multiselect field, in the account's order.
        public var options: [Option]

        public init(id: Int, code: String = "", title: String = "", type: String, options: [Option] = []) {
            self.id = id
            self.code = code
            self.title = title
            self.type = type
            self.options = options
        }

        /// `customValues[12] (budget, "Бюджет", int)`: how diagnostics name the field.
        public var label: String {
            let names = [code, title.isEmpty ? "" : "\"\(title)\""].filter { !$0.isEmpty }
            return "customValues[\(id)] (" + (names + [type]).joined(separator: ", ") + ")"
        }
    }

    /// The categories Liner gives lead statuses.
    public static let statusCategories = ["in-progress", "qualified", "disqualified"]
    /// The types of Liner's custom fields.
    public static let customFieldTypes = ["string", "int", "float", "date", "datetime", "bool", "select", "multiselect"]

    /// Where the facts came from (the API's base URL, never the key); `nil` when not known.
    public var host: String?
    /// When they were read, ISO 8601; `nil` when not known.
    public var pulledAt: String?
    /// The lead statuses, in the account's order.
    public var statuses: [Status]
    /// The custom fields of leads, in the account's order; `nil` when they are not known (the
    /// account's custom-field endpoint was not found): `customValues[ID]` is then not checked.
    public var customFields: [CustomField]?

    public init(host: String? = nil, pulledAt: String? = nil, statuses: [Status], customFields: [CustomField]?) {
        self.host = host
        self.pulledAt = pulledAt
        self.statuses = statuses
        self.customFields = customFields
    }

    /// The custom field with id `id`, if the account has it.
    public func customField(id: Int) -> CustomField? {
        customFields?.first { $0.id == id }
    }
}
