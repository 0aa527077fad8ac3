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

    /// Why `path` cannot be written as an output file, or `nil` when it can: it exists and is not a regular file (a
    /// device such as `/dev/null`, a pipe, a socket or a directory, which a rename would replace), it is a symbolic
    /// link to nothing, or it is the same file as one of `protected` (the input the output would overwrite).
    public static func problemWritingOutput(to path: String, notOver protected: [String] = []) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            var link = stat()
            if lstat(path, &link) == 0 { return "it is a symbolic link to a file that does not exist" }
            return nil
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            return "it is not a regular file (a device, a pipe, a socket or a directory): give the path of a file"
        }
        for other in protected {
            var otherStatus = stat()
            if stat(other, &otherStatus) == 0, otherStatus.st_dev == status.st_dev, otherStatus.st_ino == status.st_ino {
                return "it is \(other), which this command reads: it would be overwritten"
            }
        }
        return nil
    }

    /// Writes `data` as the output file `path`: a new file, or an existing regular one replaced (through a symbolic
    /// link, keeping its mode) as ``write(_:to:)`` does, atomically. Refuses what ``problemWritingOutput(to:notOver:)``
    /// refuses, leaving it untouched (`Data.write(options: .atomic)` replaced `/dev/full`, a FIFO or a link by a file).
    @discardableResult
    public static func writeOutput(_ data: Data, to path: String, notOver protected: [String] = []) throws(Failure) -> String {
        if let problem = problemWritingOutput(to: path, notOver: protected) { throw Failure(path: path, reason: problem + "; nothing was written") }
        var status = stat()
        if stat(path, &status) != 0 {
            // A new file: made empty (mode 0644 less the umask), then replaced like an existing one.
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw Failure(path: path, reason: "cannot create the file: \(lastError())") }
            close(descriptor)
            do throws(Failure) {
                return try write(data, to: path)
            } catch {
                unlink(path)
                throw error
            }
        }
        return try write(data, to: path)
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
