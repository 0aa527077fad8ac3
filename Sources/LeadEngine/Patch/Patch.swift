import LeadFields

/// The body of `POST /v2/lead/update/{leadId}/`: only the fields whose value changes.
///
/// Fields come in a fixed order (`LeadField.wireOrder`: the order of Liner's documentation),
/// `customValues` keys in numeric order, so the same patch always encodes to the same bytes.
///
/// Liner clears a field sent as `""` or `null`. A patch empties a field only where a rule said
/// `clear`, and it says so: ``clears`` holds those keys, and ``isSelfConsistent`` checks that no
/// other key empties its field. A sender checks the body it is about to send the same way with
/// ``accidentalClears(in:clears:)``.
public struct Patch: Sendable, Equatable {
    /// Top-level fields in encoding order; `customValues` is an object of the changed keys only.
    public internal(set) var fields: [(String, JSONValue)]
    /// The keys this patch clears (sends as `""` or `null` because a `clear` asked for it), in the
    /// engine's key form: a top-level field name (`"name"`, `"utcOffset"`) or `"customValues[ID]"`
    /// (`"customValues[12]"`). Empty when the patch clears nothing. Not part of the body.
    public internal(set) var clears: Set<String>

    public init() {
        fields = []
        clears = []
    }

    /// Empties the patch for the next evaluation into the same ``EvaluationBuffer``, keeping its storage (an
    /// empty `clears` has none: most patches clear nothing). Inlined into ``EvaluationBuffer/reset(leadId:writerNames:)``.
    @inline(__always)
    mutating func removeAllKeepingCapacity() {
        fields.removeAllKeepingCapacity()
        if !clears.isEmpty { clears.removeAll(keepingCapacity: true) }
    }

    /// Where a field key sorts in the encoded patch: `LeadField.wireOrder`, custom values last by id.
    static func orderKey(_ key: String) -> Int {
        let fieldCount = LeadFields.updatable.count
        if let id = customValueId(key) { return fieldCount * 1_000_000_000 + id }
        return (LeadFields.named(key)?.wireOrder ?? fieldCount - 1) * 1_000_000_000
    }

    /// The id in a `customValues[ID]` key.
    static func customValueId(_ key: String) -> Int? { LeadFields.customValueId(of: key) }

    public var isEmpty: Bool { fields.isEmpty }

    /// The value of a top-level field, or `nil` when the patch does not carry it.
    public subscript(field: String) -> JSONValue? {
        fields.first { $0.0 == field }?.1
    }

    /// The patch as a JSON object value.
    public var json: JSONValue { .object(fields) }

    /// The exact request body: compact JSON, keys in the stable order.
    public func jsonBody() -> String { JSONWriter.write(json) }

    public static func == (lhs: Patch, rhs: Patch) -> Bool {
        lhs.json == rhs.json && lhs.fields.map(\.0) == rhs.fields.map(\.0) && lhs.clears == rhs.clears
    }

    // MARK: Clears

    /// Whether the body empties exactly the fields in ``clears``: every `""`/`null` (or otherwise
    /// emptying, see `JSONValue/emptiesField`) value, top-level or in `customValues`, has its key
    /// in ``clears``, and every key in ``clears`` is sent with such a value. Always true of a
    /// patch the engine built.
    public var isSelfConsistent: Bool {
        Set(json.emptiedKeys) == clears
    }

    /// The keys of `body` whose value would empty the field (`""`, `null`, blank text, an empty
    /// array or object; top-level members as their name, `customValues` members as
    /// `customValues[ID]`) but are not in `clears`, in body order: the fields a request would clear
    /// although no `clear` asked for it. Empty when the body is safe to send. `clears` uses the key
    /// forms of ``clears``. The same check as `JSONValue/accidentalClears(in:clears:)`, which a
    /// sender without the engine can call.
    public static func accidentalClears(in body: JSONValue, clears: Set<String>) -> [String] {
        JSONValue.accidentalClears(in: body, clears: clears)
    }
}
