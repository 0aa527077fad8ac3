/// What one pass over a kind's subjects found: the number of matching subjects and, for the
/// capture kind, the total UTF-8 length of the extracted group texts.
struct Tally: Equatable, Sendable {
    var matches = 0
    var capturedBytes = 0
}

/// One regex implementation under test.
protocol Engine {
    var name: String { get }
    /// Matches each subject of `kind` in `range` once (extracting the named group's text when the
    /// kind has one). This is the timed loop.
    func run(_ kind: Kind, range: Range<Int>) throws -> Tally
}

/// An implementation that can also answer for a single Swift string, for the per-subject cross-check.
protocol SubjectMatcher: Engine {
    /// `nil` when `subject` does not match; otherwise the extracted group text, or "" for a boolean kind.
    func answer(_ kind: Kind, subject: String) throws -> String?
}
