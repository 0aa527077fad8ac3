import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// Whether the first chunk was read (and checked for a byte order mark).
    private var started = false
    private var problem: RecordError?

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

    /// Reads the next chunk into the buffer; returns false at end of input (or when reading failed:
    /// see ``takeProblem()``). The first chunk is checked for a byte order mark: a UTF-8 one is
    /// dropped (Excel's "CSV UTF-8" starts with one), a UTF-16 or UTF-32 one ends the input with a
    /// problem naming the encoding.
    func fill() -> Bool {
        guard readChunk() else { return false }
        if !started {
            started = true
            return checkEncoding()
        }
        return true
    }

    /// Appends the next chunk to the buffer; false at end of input or on a read error.
    ///
    /// The chunk is read by `read(2)` straight into a new buffer that starts with the bytes not yet consumed: one copy
    /// of the input (the kernel's), where reading a `Data` and appending it made a second, and a `Data` per chunk. A
    /// read that fails is made again through `FileHandle`, whose error says why as before.
    private func readChunk() -> Bool {
        guard !atEnd else { return false }
        let kept = buffer.count - start
        var failed = false
        let next = [UInt8](unsafeUninitializedCapacity: kept + chunkSize) { bytes, initialized in
            guard let base = bytes.baseAddress else { return }
            buffer.withUnsafeBufferPointer { old in
                if kept > 0, let from = old.baseAddress { base.update(from: from + start, count: kept) }
            }
            var read: Int
            repeat {
                read = Self.systemRead(handle.fileDescriptor, base + kept, chunkSize)
            } while read < 0 && errno == EINTR
            failed = read < 0
            initialized = kept + max(0, read)
        }
        if failed { return readChunkThroughFileHandle() }
        guard next.count > kept else {
            atEnd = true
            return false
        }
        buffer = next
        start = 0
        return true
    }

    /// `read(2)`.
    private static func systemRead(_ descriptor: Int32, _ into: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, into, count)
        #else
        Darwin.read(descriptor, into, count)
        #endif
    }

    /// ``readChunk()`` by `FileHandle` (after `read(2)` failed): the chunk it reads, or its error as the problem.
    private func readChunkThroughFileHandle() -> Bool {
        let data: Data?
        do {
            data = try handle.read(upToCount: chunkSize)
        } catch {
            stop(RecordError(message: "cannot read the input: \(error.localizedDescription)"))
            return false
        }
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

    /// Drops a UTF-8 byte order mark; refuses UTF-16 and UTF-32 input. Returns whether bytes remain.
    private func checkEncoding() -> Bool {
        // A byte order mark takes up to 4 bytes; a tiny chunk size may need several reads.
        while buffer.count - start < 4, readChunk() {}
        let prefix = Array(buffer[start..<min(buffer.count, start + 4)])
        if let encoding = TextEncodingSniffer.unsupportedEncoding(prefix) {
            stop(RecordError(message: "the input is \(encoding), not UTF-8: save it as UTF-8 (in Excel: \"CSV UTF-8\")"))
            return false
        }
        if prefix.starts(with: TextEncodingSniffer.utf8ByteOrderMark) { start += TextEncodingSniffer.utf8ByteOrderMark.count }
        return start < buffer.count || readChunk()
    }

    /// Ends the input early, keeping why for the reader to report.
    private func stop(_ reason: RecordError) {
        problem = reason
        buffer.removeAll()
        start = 0
        atEnd = true
    }

    /// Why the input ended early (it is not UTF-8, or reading failed), once: a reader reports it as a
    /// record error, so a run never mistakes a truncated input for a complete one.
    public func takeProblem() -> RecordError? {
        defer { problem = nil }
        return problem
    }

    /// The first byte that is not white space, without consuming anything (after a UTF-8 byte
    /// order mark, which ``fill()`` drops).
    public func peekFirstSignificantByte() -> UInt8? {
        var index = start
        while true {
            while index < buffer.count {
                let byte = buffer[index]
                if byte != 0x20, byte != 0x0A, byte != 0x0D, byte != 0x09 { return byte }
                index += 1
            }
            let consumed = start
            if !fill() { return nil }
            // `fill` may have moved the unconsumed bytes to the front, or dropped a byte order mark.
            index = max(start, index - consumed)
        }
    }
}
