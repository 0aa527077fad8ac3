import Foundation

/// Reads a file or standard input in large chunks, so a run holds a bounded amount of input in
/// memory whatever the size of the file.
public final class ByteSource {
    private let handle: FileHandle
    private let closeWhenDone: Bool
    private let chunkSize: Int
    /// Bytes read but not yet consumed.
    var buffer: [UInt8] = []
    var start = 0
    public private(set) var atEnd = false

    /// Opens `path`, or standard input for `-`.
    public init(path: String, chunkSize: Int = 1 << 20) throws {
        if path == "-" {
            handle = FileHandle.standardInput
            closeWhenDone = false
        } else {
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            handle = opened
            closeWhenDone = true
        }
        self.chunkSize = chunkSize
    }

    deinit {
        if closeWhenDone { try? handle.close() }
    }

    /// The index of the first `byte` at or after `start` in the buffer, or `nil`.
    func firstIndex(of byte: UInt8) -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            var index = start
            while index < bytes.count {
                if bytes[index] == byte { return index }
                index += 1
            }
            return nil
        }
    }

    /// Reads the next chunk into the buffer; returns false at end of input.
    func fill() -> Bool {
        guard !atEnd else { return false }
        let data = (try? handle.read(upToCount: chunkSize)) ?? nil
        guard let data, !data.isEmpty else {
            atEnd = true
            return false
        }
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: data)
        return true
    }

    /// The first byte that is not white space, without consuming anything (skips a UTF-8 BOM).
    public func peekFirstSignificantByte() -> UInt8? {
        while true {
            var index = start
            if buffer.count - index >= 3, buffer[index] == 0xEF, buffer[index + 1] == 0xBB, buffer[index + 2] == 0xBF {
                start += 3
                index = start
            }
            while index < buffer.count {
                let byte = buffer[index]
                if byte != 0x20, byte != 0x0A, byte != 0x0D, byte != 0x09 { return byte }
                index += 1
            }
            if !fill() { return nil }
        }
    }
}
