/// The last line of defence of the product's core promise: no update clears a field that no `clear` asked for.
///
/// In Liner, sending `""` or `null` for a field erases what the lead holds. The engine only produces such
/// values for `clear` (an empty computed value does not write); this check refuses, before anything is sent,
/// a body that carries one for a field the caller did not name. What empties a field is defined once, in the
/// JSON module (``JSONValue/accidentalClears(in:clears:)``: `""`, `null`, blank text, empty arrays/objects).
public enum LinerClearCheck {
    /// The fields of `body` (an update body object) whose value would empty them — at the top level, or in
    /// `customValues` (named `customValues[ID]`) — and that are not in `clears`; in body order.
    public static func unrequestedClears(in body: JSONValue, clears: Set<String>) -> [String] {
        JSONValue.accidentalClears(in: body, clears: clears)
    }
}
