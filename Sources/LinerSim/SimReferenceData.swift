import LinerWire

/// The account's lead statuses and custom fields, as the simulator serves them.
public struct SimReferenceData: Sendable {
    /// Status objects (`id, code, title, category, sort, color, isSystem`), served in this order.
    public var statuses: [JSONValue]
    /// Custom field objects (`id, title, code, type, params`) of essence `leads`, served in this order.
    public var customFields: [JSONValue]
    /// Whether the custom-field endpoints exist: `false` answers them with 404, as an account (or an API
    /// version) without them would.
    public var servesCustomFields = true

    public init(statuses: [JSONValue] = SimReferenceData.defaultStatuses, customFields: [JSONValue] = SimReferenceData.defaultCustomFields) {
        self.statuses = statuses
        self.customFields = customFields
    }

    /// Ids of ``statuses``.
    public var statusIds: Set<Int> { Set(statuses.compactMap { $0["id"]?.intValue }) }

    /// Ids of ``customFields``.
    public var customFieldIds: Set<Int> { Set(customFields.compactMap { $0["id"]?.intValue }) }

    /// The default statuses: `new` = 1 (in-progress), `callback` = 2, `no-answer` = 3 (in-progress),
    /// `qualified` = 5, `appointment` = 6 (qualified), `junk` = 9, `do-not-call` = 10 (disqualified).
    public static let defaultStatuses: [JSONValue] = [
        status(1, "new", "Новый", "in-progress", 10, "#2196F3", system: true),
        status(2, "callback", "Перезвонить", "in-progress", 20, "#FFC107", system: false),
        status(3, "no-answer", "Недозвон", "in-progress", 30, "#9E9E9E", system: false),
        status(5, "qualified", "Квалифицирован", "qualified", 50, "#4CAF50", system: true),
        status(6, "appointment", "Записан", "qualified", 60, "#8BC34A", system: false),
        status(9, "junk", "Мусор", "disqualified", 90, "#F44336", system: true),
        status(10, "do-not-call", "Не звонить", "disqualified", 100, "#795548", system: false),
    ]

    /// The default custom fields: 10 quiz answers (string), 11 budget (int), 12 interest (select),
    /// 13 callback date (datetime).
    public static let defaultCustomFields: [JSONValue] = [
        field(10, "quiz", "Ответы квиза", "string"),
        field(11, "budget", "Бюджет", "int"),
        field(12, "interest", "Интерес", "select", params: [
            .object([("code", "hot"), ("sort", 1), ("title", "Горячий")]),
            .object([("code", "warm"), ("sort", 2), ("title", "Тёплый")]),
            .object([("code", "cold"), ("sort", 3), ("title", "Холодный")]),
        ]),
        field(13, "callbackAt", "Перезвонить в", "datetime"),
    ]

    private static func status(_ id: Int, _ code: String, _ title: String, _ category: String, _ sort: Int, _ color: String, system: Bool) -> JSONValue {
        .object([
            ("id", .int(id)), ("code", .string(code)), ("title", .string(title)), ("category", .string(category)),
            ("sort", .int(sort)), ("color", .string(color)), ("isSystem", .bool(system)),
        ])
    }

    private static func field(_ id: Int, _ code: String, _ title: String, _ type: String, params: [JSONValue] = []) -> JSONValue {
        .object([("id", .int(id)), ("code", .string(code)), ("title", .string(title)), ("type", .string(type)), ("params", .array(params))])
    }
}
