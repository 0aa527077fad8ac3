// What empties a field of a Liner lead: Liner clears an optional field that an update sends as `""`
// or `null`. Shared by the engine (which never writes an empty value unless a rule says `clear`)
// and the Liner client (which refuses to send a clearing value that no `clear` asked for).

extension JSONValue {
    /// Whether `text` shows nothing: it has no character, or only white space (Unicode `White_Space`:
    /// spaces of every width, tabs, line breaks), invisible characters (zero-width space, joiners,
    /// the byte order mark, soft hyphens, Hangul fillers and the other `Default_Ignorable_Code_Point`s,
    /// the blank Braille pattern U+2800) and control or format characters. A name made of such
    /// characters is as good as none, so the engine treats it as an empty value.
    public static func isBlank(_ text: String) -> Bool {
        // A text that starts with a visible ASCII character (most do) shows it: no scalar iteration.
        if let first = text.utf8.first, first > 0x20, first < 0x7F { return false }
        return text.unicodeScalars.allSatisfy(isInvisible)
    }

    /// Whether one scalar shows nothing (see ``isBlank(_:)``).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII without the property tables: blanks and controls show nothing, the rest does.
        if scalar.isASCII { return scalar.value <= 0x20 || scalar.value == 0x7F }
        let properties = scalar.properties
        if properties.isWhitespace || properties.isDefaultIgnorableCodePoint { return true }
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .spaceSeparator: return true
        default: return scalar == "\u{2800}"
        }
    }

    /// Whether this value, sent for a field in a lead update, leaves the field empty: `null`, a
    /// string that shows nothing (``isBlank(_:)``; `""` is what Liner clears with), an empty array
    /// or an empty object, and a number that is not finite (NaN, infinity: JSON has none, ``JSONWriter``
    /// writes `null` for them).
    public var emptiesField: Bool {
        switch self {
        case .null: return true
        case let .string(text): return JSONValue.isBlank(text)
        case let .array(elements): return elements.isEmpty
        case let .object(members): return members.isEmpty
        case let .double(number): return !number.isFinite
        case .bool, .int: return false
        }
    }

    /// The keys of an update body (a JSON object) whose values empty their field
    /// (``emptiesField``), in body order: a top-level member by its name (`"name"`, `"utcOffset"`),
    /// a member of a `customValues` object as `"customValues[ID]"` (`"customValues[12]"`). An empty
    /// `customValues` object touches no custom value and names nothing; `"customValues": null`
    /// names `"customValues"`. A body that is not an object has no keys.
    public var emptiedKeys: [String] {
        fieldKeyedMembers.filter { $0.value.emptiesField }.map(\.key)
    }

    /// The members of an update body (or of a lead) by field key, in body order: a top-level member by its
    /// name, each member of a `customValues` object as `"customValues[ID]"`. An empty `customValues` object
    /// gives nothing; a `customValues` that is not an object stays one member. Not an object: no members.
    public var fieldKeyedMembers: [(key: String, value: JSONValue)] {
        guard case let .object(members) = self else { return [] }
        var out: [(key: String, value: JSONValue)] = []
        for (name, value) in members {
            if name == "customValues", case let .object(custom) = value {
                for (id, member) in custom { out.append(("customValues[\(id)]", member)) }
            } else {
                out.append((name, value))
            }
        }
        return out
    }

    /// The keys of `body` that would empty a field although no `clear` asked for it: the
    /// ``emptiedKeys`` not in `clears`, in body order. Empty when the body is safe to send.
    /// `clears` uses the same key forms (`"name"`, `"customValues[12]"`); the engine's patches
    /// carry theirs (`Patch.clears`).
    public static func accidentalClears(in body: JSONValue, clears: Set<String>) -> [String] {
        body.emptiedKeys.filter { !clears.contains($0) }
    }
}
