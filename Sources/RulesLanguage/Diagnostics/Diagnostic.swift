/// A problem found in a rules file: where it is, how bad it is, and what to do about it.
public struct Diagnostic: Sendable, Equatable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case warning, error
        public static func < (l: Severity, r: Severity) -> Bool { l == .warning && r == .error }
    }

    /// The text and identity of a diagnostic; the catalogue is in `Diagnostic+Messages.swift`.
    public struct Message: Sendable, Equatable {
        /// A stable identifier for tools (`unknown-field`, `invalid-regex`...).
        public var code: String
        public var severity: Severity
        public var text: String
        /// The name the checker suggests instead of the one written ("did you mean 'phone'?"), when it has one:
        /// the source of the diagnostic's ``Diagnostic/fixIt``.
        public var suggestion: String?

        public init(_ code: String, _ severity: Severity, _ text: String, suggestion: String? = nil) {
            self.code = code
            self.severity = severity
            self.text = text
            self.suggestion = suggestion
        }

        /// The same message, carrying `suggestion` (the text already says it).
        func suggesting(_ suggestion: String?) -> Self {
            var message = self
            message.suggestion = suggestion
            return message
        }
    }

    /// A secondary place that helps to understand the problem.
    public struct Note: Sendable, Equatable {
        public var text: String
        public var range: SourceRange?
    }

    public var message: Message
    public var range: SourceRange
    public var notes: [Note]

    public init(_ message: Message, at range: SourceRange, notes: [Note] = []) {
        self.message = message
        self.range = range
        self.notes = notes
    }

    public var severity: Severity { message.severity }
    public var location: SourceLocation { range.location }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// Sorted by file, then position, then severity: the order people read them in.
    public func sortedByLocation() -> [Diagnostic] {
        sorted { a, b in
            if a.range.file.path != b.range.file.path { return a.range.file.path < b.range.file.path }
            if a.range.start != b.range.start { return a.range.start < b.range.start }
            return a.message.text < b.message.text
        }
    }
}
