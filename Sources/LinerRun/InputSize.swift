import Foundation
import LeadStream

/// How many leads an export holds, for the progress display's total and ETA: the non-blank lines of a JSON
/// Lines file, or of a CSV file minus its header (a quoted cell spanning lines makes that an upper bound).
/// `nil` for standard input and JSON arrays, whose size is not known before reading them.
enum InputSize {
    static func leads(path: String, format: InputFormat?) -> Int? {
        guard path != "-", let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var lines = 0
        var lineHasContent = false
        var first: UInt8?
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            for byte in chunk {
                switch byte {
                case 0x0A:
                    if lineHasContent { lines += 1 }
                    lineHasContent = false
                case 0x20, 0x09, 0x0D:
                    continue
                default:
                    if first == nil { first = byte }
                    lineHasContent = true
                }
            }
        }
        if lineHasContent { lines += 1 }
        switch format ?? InputFormat.fromExtension(path) ?? InputFormat.sniff(firstByte: first) {
        case .jsonl: return lines
        case .csv: return max(0, lines - 1)
        case .json: return nil
        }
    }
}
