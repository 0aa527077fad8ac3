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
        // Paths are ASCII but for rare keys: read those bytes directly (splitting by `Character` cost ~9,000
        // instructions a path, and `json()` reads one per call); other paths as characters, below.
        asciiComponents(of: path) ?? characterComponents(of: path)
    }

    /// ``components(of:)`` of any path, by characters.
    static func characterComponents(of path: String) -> [PathComponent] {
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

    /// ``components(of:)`` of an ASCII path, from its bytes; `nil` when the path is not ASCII.
    static func asciiComponents(of path: String) -> [PathComponent]? {
        var path = path
        return path.withUTF8 { bytes -> [PathComponent]? in
            var result: [PathComponent] = []
            let dot = UInt8(ascii: "."), open = UInt8(ascii: "["), close = UInt8(ascii: "]")
            var i = 0
            let n = bytes.count
            while i < n {
                guard bytes[i] < 0x80 else { return nil }
                if bytes[i] == dot { i += 1; continue }
                // One segment: up to the next dot.
                var end = i
                while end < n, bytes[end] != dot {
                    guard bytes[end] < 0x80 else { return nil }
                    end += 1
                }
                var bracket = i
                while bracket < end, bytes[bracket] != open { bracket += 1 }
                if bracket > i { result.append(.key(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<bracket]), as: UTF8.self))) }
                var rest = bracket
                while rest < end, bytes[rest] == open {
                    var closing = rest + 1
                    while closing < end, bytes[closing] != close { closing += 1 }
                    guard closing < end else { break }
                    let inner = String(decoding: UnsafeBufferPointer(rebasing: bytes[(rest + 1)..<closing]), as: UTF8.self)
                    result.append(Int(inner).map(PathComponent.index) ?? .invalid)
                    rest = closing + 1
                }
                if rest < end { result.append(.invalid) }
                i = end
            }
            return result
        }
    }
}
