import Foundation
import JSON
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

    /// Why an input cannot be opened: the system's reason ("No such file or directory", "Permission denied"), or
    /// that the path names a directory.
    public struct OpenError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): cannot open the input: \(reason)" }
    }

    /// Opens `path`, or standard input for `-`.
    /// - Throws: ``OpenError`` when `path` does not exist, cannot be read, or is a directory.
    public init(path: String, chunkSize: Int = 1 << 20) throws(OpenError) {
        if path == "-" {
            handle = FileHandle.standardInput
            closeWhenDone = false
        } else {
            // Opened, then asked what it is (fstat): the file read is the one looked at, whatever replaces the path.
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw OpenError(path: path, reason: Self.systemReason(errno)) }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                let reason = Self.systemReason(errno)
                close(descriptor)
                throw OpenError(path: path, reason: reason)
            }
            guard status.st_mode & S_IFMT != S_IFDIR else {
                close(descriptor)
                throw OpenError(path: path, reason: "it is a directory (give a file of leads, or - for standard input)")
            }
            handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
            closeWhenDone = true
        }
        self.chunkSize = chunkSize
    }

    /// The system's text for `code` (`strerror`).
    static func systemReason(_ code: Int32) -> String {
        String(cString: strerror(code))
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
    /// read that fails ends the input with the system's reason as the problem.
    private func readChunk() -> Bool {
        guard !atEnd else { return false }
        let kept = buffer.count - start
        var failed = false
        var failure: Int32 = 0
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
            if failed { failure = errno }
            initialized = kept + max(0, read)
        }
        if failed {
            // The system's reason, not Foundation's ("The operation could not be completed").
            stop(RecordError(message: "cannot read the input: \(Self.systemReason(failure))"))
            return false
        }
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
