import Foundation

/// The text of a source range as a set member or dictionary key: the bytes of its file, not copied, hashed at
/// once. Two texts are equal when their bytes are, wherever they lie (a table's thousands of rows repeat a few
/// dozen values: each is checked and compiled once).
package struct SourceText: Hashable {
    package let bytes: ArraySlice<UInt8>

    package init(_ range: SourceRange) { bytes = range.file.bytes[range.start..<range.end] }

    package static func == (lhs: SourceText, rhs: SourceText) -> Bool {
        guard lhs.bytes.count == rhs.bytes.count else { return false }
        return lhs.bytes.withUnsafeBytes { left in
            rhs.bytes.withUnsafeBytes { right in left.count == 0 || memcmp(left.baseAddress!, right.baseAddress!, left.count) == 0 }
        }
    }

    package func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
}
