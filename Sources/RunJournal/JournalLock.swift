import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock that keeps two runs off the same journal: an exclusive `flock(2)` on `<journal path>.lock`.
///
/// The kernel drops the lock when its file descriptor is closed, so it is released by ``release()``, when
/// the `JournalLock` is deinitialized, and when the process ends in any way, SIGKILL and crashes included:
/// a lock is never left stale. (A power loss drops it too.) The holder writes its pid into the file, for
/// the error message of whoever finds it held; the file itself is left in place (deleting it would let two
/// processes lock two different files).
///
/// The descriptor is opened close-on-exec, so child processes do not inherit (and keep) the lock. The lock
/// is per open file: a second `acquire` in the same process fails like one from another process.
/// `flock` locks are local to a machine: do not put a journal on a network file system shared by machines.
public final class JournalLock: Sendable {
    /// The lock file, `<journal path>.lock`.
    public let path: String
    private let descriptor: Mutex<Int32?>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    deinit {
        release()
    }

    /// The lock file of a journal: `<journalPath>.lock`.
    public static func lockPath(journalPath: String) -> String {
        journalPath + ".lock"
    }

    /// Takes the journal's lock without waiting, creating the lock file (and its directory) when needed.
    ///
    /// - Parameter journalPath: The journal file (not the lock file).
    /// - Returns: The held lock; keep it for as long as the run lasts.
    /// - Throws: ``JournalError/locked(path:pid:)`` with the lock file's path and the holder's pid (when it
    ///   wrote one) if the lock is held, by another process or by another `JournalLock` of this process;
    ///   ``JournalError/cannotOpen(path:reason:)`` when the lock file cannot be created or locked.
    public static func acquire(journalPath: String) throws(JournalError) -> JournalLock {
        let path = lockPath(journalPath: journalPath)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .cannotOpen(path: path, reason: "cannot create the directory \(directory): \(error.localizedDescription)")
            }
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let error = errno
            if error == EINTR { continue }
            if error == EWOULDBLOCK || error == EAGAIN {
                let holder = readPID(fd)
                close(fd)
                throw .locked(path: path, pid: holder)
            }
            close(fd)
            throw .cannotOpen(path: path, reason: "flock: \(String(cString: strerror(error)))")
        }
        writePID(fd, getpid())
        return JournalLock(path: path, descriptor: fd)
    }

    /// Releases the lock (and clears the pid from the file). Calling it again does nothing.
    public func release() {
        descriptor.withLock { fd in
            guard let held = fd else { return }
            _ = ftruncate(held, 0)
            _ = flock(held, LOCK_UN)
            close(held)
            fd = nil
        }
    }

    /// Whether this lock is still held (``release()`` not called yet).
    public var isHeld: Bool {
        descriptor.withLock { $0 != nil }
    }

    /// The pid written into a lock file, if it holds one.
    public static func holderPID(lockPath: String) -> Int32? {
        let fd = open(lockPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readPID(fd)
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = Int32(text), pid > 0 else { return nil }
        return pid
    }

    private static func writePID(_ fd: Int32, _ pid: Int32) {
        let bytes = Array("\(pid)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        _ = fsync(fd)
    }
}
