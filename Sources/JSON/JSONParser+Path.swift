/// One step of a path into a JSON document: an object's member by name, or an array's element by index.
public enum JSONPathStep: Sendable, Hashable {
    case key(String)
    case index(Int)
}

extension JSONParser {
    /// The value at `path` in the JSON document `text`, or `nil` when the path names nothing there
    /// (a missing member, an index out of range, a step into a value of the wrong kind). Of members with
    /// the same name the first is followed, as ``JSONValue/subscript(_:)`` does.
    ///
    /// The same as following `path` through ``parse(_:)-(String)``'s tree, and the same texts are refused
    /// with the same errors (the whole document is read), but only the value found is built.
    public static func value(at path: [JSONPathStep], in text: String) throws(Error) -> JSONValue? {
        var copy = text
        let result: Result<JSONValue?, Error> = copy.withUTF8 { buffer in
            Result { () throws(Error) in
                var builder = JSONPathBuilder(path: path)
                _ = try read(buffer, into: &builder)
                return builder.found
            }
        }
        return try result.get()
    }
}

/// Finds the value at a path while the grammar reads the whole document (``JSONParser/value(at:in:)``):
/// containers off the path are only checked, strings off it are not copied, and the tree is built for
/// the value found alone.
///
/// Strings that are skipped are not validated as UTF-8: the input is a `String`'s UTF-8, valid already
/// (see ``JSONScalarTextBuilder``).
struct JSONPathBuilder: JSONBuilder {
    /// How a container is read.
    enum Mode {
        /// Off the path: checked only.
        case skipped
        /// On the path, short of its end: its member or element on the path is looked for.
        case onPath
        /// The value found, or inside it: built.
        case built
    }

    struct Container {
        var mode: Mode
        /// The built members or elements (``Mode/built``).
        var members: [(String, JSONValue)] = []
        var elements: [JSONValue] = []
    }

    /// A container being read on the path (``Mode/onPath``): how far along the path it is, and where its reading stands.
    struct Frame {
        /// The steps of the path that lead to this container.
        var depth: Int
        var isArray: Bool
        /// The index of the next element (arrays).
        var index = 0
        /// Whether the member just named is the path's next step (objects).
        var memberIsOnPath = false
        /// Whether the path's member name has been seen (objects): later members of that name are not followed.
        var nameSeen = false
    }

    /// The path, member names as UTF-8 (compared with the names as read).
    let steps: [Step]
    enum Step {
        case key([UInt8])
        case index(Int)
    }

    /// The containers open along the path (skipped or built ones inside them are counted in ``nestedDepth``).
    var frames: [Frame] = []
    /// How many containers off the path are open (the outermost skipped one and those inside it), or of the
    /// value being built (the value found and those inside it).
    var nestedDepth = 0
    /// Whether the containers counted in ``nestedDepth`` are being built (else skipped).
    var nestedBuilt = false
    /// The value at the path, once read.
    var found: JSONValue?
    /// Where member names with escapes are decoded to be compared (then dropped).
    var scratch: [UInt8] = []

    init(path: [JSONPathStep]) {
        steps = path.map { step in
            switch step {
            case let .key(name): return .key(Array(name.utf8))
            case let .index(index): return .index(index)
            }
        }
    }

    /// What the value starting now is: built (the value found or inside it), on the path, or skipped.
    func modeOfNextValue() -> (mode: Mode, isFound: Bool) {
        if nestedDepth > 0 { return (nestedBuilt ? .built : .skipped, false) }
        // The document itself is on the path (as the path's start); another value, if its container's next step leads to it.
        var depth = 0
        if let frame = frames.last {
            let onPath: Bool
            if frame.isArray {
                if case let .index(index) = steps[frame.depth] { onPath = index == frame.index } else { onPath = false }
            } else {
                onPath = frame.memberIsOnPath
            }
            guard onPath else { return (.skipped, false) }
            depth = frame.depth + 1
        }
        return depth == steps.count ? (.built, true) : (.onPath, false)
    }

    mutating func scalar(_ value: JSONValue) -> JSONValue? {
        let (mode, isFound) = modeOfNextValue()
        if isFound { found = value }
        return mode == .built ? value : nil
    }

    mutating func string(_ parser: inout JSONParser) throws(JSONParser.Error) -> JSONValue? {
        let (mode, isFound) = modeOfNextValue()
        guard mode == .built else {
            try parser.skipString()
            return nil
        }
        let value = JSONValue.string(try parser.parseString())
        if isFound { found = value }
        return value
    }

    mutating func key(_ parser: inout JSONParser) throws(JSONParser.Error) -> String? {
        if nestedDepth > 0 {
            guard nestedBuilt else {
                try parser.skipString()
                return nil
            }
            return try parser.parseString()
        }
        // An object on the path: is this member the next step?
        let last = frames.count - 1
        frames[last].memberIsOnPath = false
        let range = try parser.readString(into: &scratch)
        defer { scratch.removeAll(keepingCapacity: true) }
        guard !frames[last].nameSeen, case let .key(name) = steps[frames[last].depth] else { return nil }
        let matches = if let range { name.elementsEqual(UnsafeBufferPointer(rebasing: parser.bytes[range])) } else { name == scratch }
        if matches {
            frames[last].memberIsOnPath = true
            frames[last].nameSeen = true
        }
        return nil
    }

    mutating func begin(isArray: Bool) -> Container {
        let (mode, isFound) = modeOfNextValue()
        switch mode {
        case .onPath:
            let depth = (frames.last?.depth).map { $0 + 1 } ?? 0
            frames.append(Frame(depth: depth, isArray: isArray))
        case .built, .skipped:
            if nestedDepth == 0 { nestedBuilt = isFound }
            nestedDepth += 1
        }
        return Container(mode: mode)
    }

    mutating func end(_ container: Container, _ value: @autoclosure () -> JSONValue) -> JSONValue? {
        switch container.mode {
        case .onPath:
            frames.removeLast()
            return nil
        case .skipped:
            nestedDepth -= 1
            return nil
        case .built:
            nestedDepth -= 1
            let built = value()
            if nestedDepth == 0 { found = built }
            return built
        }
    }

    mutating func beginObject() -> Container { begin(isArray: false) }
    mutating func beginArray() -> Container { begin(isArray: true) }

    mutating func addMember(_ key: String?, _ value: JSONValue?, to members: inout Container) {
        if members.mode == .built, let key, let value { members.members.append((key, value)) }
    }

    mutating func addElement(_ element: JSONValue?, to elements: inout Container) {
        switch elements.mode {
        case .onPath: frames[frames.count - 1].index += 1
        case .built: if let element { elements.elements.append(element) }
        case .skipped: break
        }
    }

    mutating func endObject(_ members: Container) -> JSONValue? { end(members, .object(members.members)) }
    mutating func endArray(_ elements: Container) -> JSONValue? { end(elements, .array(elements.elements)) }
}
