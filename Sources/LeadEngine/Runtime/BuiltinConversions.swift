import Foundation

/// Conversions behind the built-in functions' implementations.
enum BuiltinConversions {
    /// `int(x)`: integers, integral numbers, and strings of digits with spaces between groups;
    /// missing for anything else. An integer beyond 64 bits is an error for the lead, naming it.
    static func integer(_ value: Value) throws(EvaluationCore.Failure) -> Value {
        switch IntegerReading(value) {
        case let .integer(i): return .int(i)
        case .notAnInteger: return .missing
        case let .outOfRange(text): throw EvaluationCore.Failure(message: "int(\(text)): " + IntegerReading.outOfRangeMessage(text))
        }
    }

    /// The steps of a `json()` path (`a.b[0].c`), or `nil` when it names nothing: a `[x]` holding no
    /// integer (or one beyond 64 bits), an unclosed `[`, text after a `]`.
    static func path(_ path: String) -> [JSONPathStep]? {
        var steps: [JSONPathStep] = []
        for component in components(of: path) {
            switch component {
            case let .key(key): steps.append(.key(key))
            case let .index(index): steps.append(.index(index))
            case .invalid: return nil
            }
        }
        return steps
    }

    enum PathComponent: Equatable {
        case key(String)
        case index(Int)
        /// `[x]` holding no integer (or one beyond 64 bits): nothing is found there.
        case invalid
    }

    static func components(of path: String) -> [PathComponent] {
        var result: [PathComponent] = []
        for segment in path.split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(segment)
            if let bracket = rest.firstIndex(of: "[") {
                if bracket > rest.startIndex { result.append(.key(String(rest[..<bracket]))) }
                rest = rest[bracket...]
                while rest.first == "[", let close = rest.firstIndex(of: "]") {
                    result.append(Int(rest[rest.index(after: rest.startIndex)..<close]).map(PathComponent.index) ?? .invalid)
                    rest = rest[rest.index(after: close)...]
                }
                // An unclosed `[` or text after `]`: the path names nothing, rather than less than it says.
                if !rest.isEmpty { result.append(.invalid) }
            } else {
                result.append(.key(String(rest)))
            }
        }
        return result
    }
}
