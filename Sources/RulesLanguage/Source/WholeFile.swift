import Foundation
import JSON

/// The files a command takes whole (a plan, a lead file, a rules file to format, a registry export, a status list,
/// a token file), read one way: the system's reason when the file cannot be read (a directory, missing, not
/// permitted), a size limit said before anything is read, and UTF-8 checked, naming the line and column of the
/// first byte that is not (a file never has its bad bytes silently replaced). The rules loader reads `.rules` files
/// with it too.
public enum WholeFile {
    /// Why a file was not read: `path: error: reason`, or `path:line:column: error: reason`.
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public var position: (line: Int, column: Int)?
        public let reason: String
        /// `path`, or `path:line:column`.
        public var place: String { position.map { "\(path):\($0.line):\($0.column)" } ?? path }
        public var description: String { place + ": error: " + reason }
    }

    /// The largest file read whole unless a command says otherwise.
    public static let defaultLimit = 256 << 20

    /// The bytes of the file at `path` (`what` names it in errors: "the plan", "the lead file"). With `regularOnly`,
    /// a device, a pipe or a socket is refused before anything is read (a rules file is never one: `import
    /// "/dev/zero"`); otherwise it is read up to the limit.
    public static func bytes(_ path: String, _ what: String, limit: Int = defaultLimit, regularOnly: Bool = false) throws(Failure) -> [UInt8] {
        func failure(_ reason: String) -> Failure { Failure(path: path, reason: reason) }
        // Opened, then asked what it is (fstat): the file read is the one looked at. With `regularOnly`, opened without
        // waiting: opening a FIFO for reading waits for a writer, forever (a `x.rules` pipe in a pack hung `check`).
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | (regularOnly ? O_NONBLOCK : 0))
        guard descriptor >= 0 else { throw failure("cannot read \(what): \(String(cString: strerror(errno)))") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("cannot read \(what): \(String(cString: strerror(errno)))") }
        if status.st_mode & S_IFMT == S_IFDIR { throw failure("cannot read \(what): it is a directory, not a file") }
        if regularOnly, status.st_mode & S_IFMT != S_IFREG {
            throw failure("cannot read \(what): it is not a regular file (a device, a pipe or a socket)")
        }
        if status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) > limit {
            throw failure("\(what) is \(Int(status.st_size)) bytes; at most \(limit) are read")
        }
        var bytes: [UInt8] = []
        do {
            // In pieces, so that a FIFO or a device (no size known beforehand) is held to the limit too.
            while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
                bytes += piece
                if bytes.count > limit { throw failure("\(what) is larger than \(limit) bytes, the most read") }
            }
        } catch let problem as Failure {
            throw problem
        } catch {
            throw failure("cannot read \(what): \(error.localizedDescription)")
        }
        return bytes
    }

    /// The text of the file at `path`, which must be UTF-8 (a byte order mark at its start is dropped; UTF-16 and
    /// UTF-32 are refused, naming them).
    public static func text(_ path: String, _ what: String, limit: Int = defaultLimit, regularOnly: Bool = false) throws(Failure) -> String {
        try text(of: bytes(path, what, limit: limit, regularOnly: regularOnly), path: path, what)
    }

    /// `bytes` read from the file at `path` as its text: UTF-8 checked (the first bad byte's line and column named),
    /// UTF-16 and UTF-32 named, a UTF-8 byte order mark dropped.
    public static func text(of bytes: [UInt8], path: String, _ what: String) throws(Failure) -> String {
        var bytes = bytes
        if let encoding = TextEncodingSniffer.unsupportedEncoding(Array(bytes.prefix(4))) {
            throw Failure(path: path, reason: "\(what) is \(encoding), not UTF-8: save it as UTF-8")
        }
        if bytes.starts(with: TextEncodingSniffer.utf8ByteOrderMark) { bytes.removeFirst(TextEncodingSniffer.utf8ByteOrderMark.count) }
        if let bad = InvalidUTF8.find(in: bytes) {
            throw Failure(path: path, position: (bad.line, bad.column), reason: bad.problem)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
