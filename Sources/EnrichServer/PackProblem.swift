import LeadEngine
import RulesLanguage

/// Why a rules pack was not swapped in: its diagnostics (each at file:line:column), I/O problems, failed tests.
public struct PackProblem: Error, Sendable, CustomStringConvertible {
    /// One problem: where (`file:line:column`, or a file, or empty) and what.
    public struct Item: Sendable, Equatable {
        public var at: String
        public var message: String

        public init(at: String, message: String) {
            self.at = at
            self.message = message
        }

        /// `at: message`, or the message alone.
        public var line: String { at.isEmpty ? message : "\(at): \(message)" }
    }

    /// A one-line summary ("the rules do not load", "2 pack tests failed").
    public var summary: String
    public var items: [Item]

    public init(summary: String, items: [Item]) {
        self.summary = summary
        self.items = items
    }

    /// The errors of `diagnostics` (warnings left out), in file order.
    public init(summary: String, diagnostics: [Diagnostic], ioErrors: [String] = []) {
        self.summary = summary
        self.items = ioErrors.map { Item(at: "", message: $0) }
            + diagnostics.sortedByLocation().filter { $0.severity == .error }.map {
                Item(at: $0.location.description, message: "error: \($0.message.text)")
            }
    }

    public var description: String { ([summary] + items.map(\.line)).joined(separator: "\n") }
}
