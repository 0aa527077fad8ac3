import Foundation

/// Rewrites an existing file with new contents the way an editor should: through symbolic links,
/// atomically, keeping the file's permissions.
///
/// `Data.write(to:options: .atomic)` renames a new file over the path it is given: on a symbolic
/// link that replaces the link with a copy (the target keeps its old text, the link is gone) and
/// the copy gets default permissions. Here the link is resolved first, the new text goes to a
/// temporary file beside the target (same directory, so the rename cannot cross file systems),
/// takes the target's mode, is flushed to disk and renamed over the target. A reader sees the old
/// file or the new one, never a part; the link still points where it did.
public enum InPlaceFileWriter {
    /// Why a file could not be rewritten; the original is left as it was.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// The path given.
        public let path: String
        /// What went wrong, with the system's reason.
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Replaces the contents of the existing file at `path` (or, when `path` is a symbolic link,
    /// of the file it leads to) with `data`; returns the path actually written.
    @discardableResult
    public static func write(_ data: Data, to path: String) throws(Failure) -> String {
        guard let target = RulesDirectoryWalker.realPath(path) else { throw Failure(path: path, reason: "cannot resolve the path: \(lastError())") }
        var status = stat()
        guard stat(target, &status) == 0 else { throw Failure(path: path, reason: "cannot read the permissions of \(target): \(lastError())") }
        let directory = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        var template = Array((directory as NSString).appendingPathComponent(".\(name).tmp-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Failure(path: path, reason: "cannot create a temporary file in \(directory): \(lastError())") }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var closed = false
        do throws(Failure) {
            try writeAll(data, to: descriptor, path: path)
            guard fchmod(descriptor, status.st_mode & 0o7777) == 0 else { throw Failure(path: path, reason: "cannot set the permissions: \(lastError())") }
            guard fsync(descriptor) == 0 else { throw Failure(path: path, reason: "cannot flush to disk: \(lastError())") }
            closed = true
            guard close(descriptor) == 0 else { throw Failure(path: path, reason: "cannot close the temporary file: \(lastError())") }
            guard rename(temporary, target) == 0 else { throw Failure(path: path, reason: "cannot replace \(target): \(lastError())") }
        } catch {
            if !closed { close(descriptor) }
            unlink(temporary)
            throw error
        }
        syncDirectory(directory)
        return target
    }

    /// Writes every byte of `data` to `descriptor`, retrying short writes and interruptions.
    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(Failure) {
        let failed: String? = data.withUnsafeBytes { buffer -> String? in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return lastError()
                }
                offset += written
            }
            return nil
        }
        if let failed { throw Failure(path: path, reason: "cannot write: \(failed)") }
    }

    /// Flushes a directory's entries (the rename) to disk; best effort, the file itself is written.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}
