import LeadEngine

/// One lead of a plan: what the plan saw, what it would send, and why.
public struct PlannedLead: Sendable, Equatable {
    /// The Liner lead id.
    public var leadId: Int
    /// The lead's values of the planned fields as read when the plan was made, by field key (`utcOffset`,
    /// `customValues[12]`; `null` for a field the lead did not have).
    public var saw: JSONValue
    /// The update body to send, exactly.
    public var patch: JSONValue
    /// The fields the patch clears because a rule's `clear` asked for it (the only fields it may empty).
    public var clears: [String]
    /// The rule behind each field.
    public var writers: [Writer]

    /// A field and the rule (and its `file:line:column`) that wrote it.
    public struct Writer: Sendable, Equatable {
        public var field: String
        public var rule: String
        public var at: String

        public init(field: String, rule: String, at: String) {
            self.field = field
            self.rule = rule
            self.at = at
        }
    }

    public init(leadId: Int, saw: JSONValue, patch: JSONValue, clears: [String], writers: [Writer]) {
        self.leadId = leadId
        self.saw = saw
        self.patch = patch
        self.clears = clears
        self.writers = writers
    }

    /// The plan's lead for a change of a dry run.
    init(_ change: PlannedChange) throws(PlanRefusal) {
        do {
            leadId = change.leadId
            patch = try JSONParser.parse(change.body)
            saw = try JSONParser.parse(change.base)
            clears = change.clears.sorted()
            let provenance = try JSONParser.parse(change.provenance)
            writers = (provenance.arrayElements ?? []).map { entry in
                Writer(field: entry["field"]?.stringValue ?? "?", rule: entry["rule"]?.stringValue ?? "?",
                       at: entry["at"]?.stringValue ?? "?")
            }
        } catch {
            throw .malformed("the patch of lead \(change.leadId) is not JSON: \(error)")
        }
    }

    /// The lead as the plan file holds it.
    var json: JSONValue {
        .object([
            ("leadId", .int(leadId)), ("saw", saw), ("patch", patch), ("clears", .array(clears.map(JSONValue.string))),
            ("writers", .array(writers.map { .object([("field", .string($0.field)), ("rule", .string($0.rule)), ("at", .string($0.at))]) })),
        ])
    }

    /// Reads a lead of a plan file.
    init(json: JSONValue, position: Int) throws(PlanRefusal) {
        func fail(_ why: String) -> PlanRefusal { .malformed("lead \(position + 1) of the plan: \(why)") }
        guard let id = json["leadId"]?.intValue, id > 0 else { throw fail("\"leadId\" must be an integer > 0") }
        guard case .object = json["saw"] else { throw fail("\"saw\" must be an object") }
        guard case let .object(members)? = json["patch"], !members.isEmpty else { throw fail("\"patch\" must be an object that is not empty") }
        guard let clearList = json["clears"]?.arrayElements else { throw fail("\"clears\" must be an array") }
        var clears: [String] = []
        for item in clearList {
            guard let text = item.stringValue else { throw fail("\"clears\" must hold field names") }
            clears.append(text)
        }
        guard let writerList = json["writers"]?.arrayElements else { throw fail("\"writers\" must be an array") }
        var writers: [Writer] = []
        for item in writerList {
            guard let field = item["field"]?.stringValue, let rule = item["rule"]?.stringValue, let at = item["at"]?.stringValue else {
                throw fail("each writer needs \"field\", \"rule\" and \"at\"")
            }
            writers.append(Writer(field: field, rule: rule, at: at))
        }
        self.init(leadId: id, saw: json["saw"]!, patch: json["patch"]!, clears: clears, writers: writers)
    }
}
