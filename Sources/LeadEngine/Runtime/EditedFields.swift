/// Fields of one lead that a person changed after the engine wrote them: the engine keeps off them.
///
/// Who knows: the run journal records what the engine wrote to each lead; when Liner now holds something
/// else in such a field, a person changed it, and people's edits win. A writer declared `overrides edits`
/// still writes them. The caller (a run against Liner, `enrich explain --journal`) builds this from the
/// journal and the lead as read; the engine only honours it, and says why in traces and provenance.
public struct EditedFields: Sendable, Equatable {
    /// Field key (`priority`, `statusId`, `customValues[12]`) -> why it is kept, for people
    /// ("changed by a person since run 12").
    public var reasons: [String: String]

    public init(_ reasons: [String: String] = [:]) {
        self.reasons = reasons
    }

    /// No field is protected.
    public static let none = EditedFields()

    public var isEmpty: Bool { reasons.isEmpty }

    /// The note of a write kept off an edited field.
    public static func note(_ reason: String) -> String { "kept: \(reason)" }
}
