import Foundation
import GRDB

/// Everything that can go wrong with a run journal or its lock.
///
/// Every message names the file it is about, so that a person reading it on a terminal knows which journal
/// (or which lock file) to look at.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The journal (or its lock file, or a parent directory) could not be created or opened.
    case cannotOpen(path: String, reason: String)
    /// ``RunJournal/openExisting(path:)`` was given a path where no journal exists.
    case notFound(path: String)
    /// Another process (or another ``JournalLock`` in this process) holds the journal's lock.
    ///
    /// `pid` is the process id the holder wrote into the lock file, when it could be read. It can be `nil`
    /// when the holder is not a ``JournalLock`` (for example `flock(1)`), or when the holder took the lock an
    /// instant ago and has not written its pid yet.
    case locked(path: String, pid: Int32?)
    /// The file is damaged, is not an SQLite database, or is an SQLite database that is not a run journal.
    case corrupt(path: String, reason: String)
    /// The journal was written by a newer version of this program (it holds schema migrations this version
    /// does not know). It is left untouched.
    case incompatible(path: String, reason: String)
    /// No run with this id exists in the journal.
    case unknownRun(path: String, id: Int64)
    /// No change with this id exists in the journal.
    case unknownChange(path: String, id: Int64)
    /// The call does not fit the current state of the journal (finishing a run twice, recording a plan in a
    /// finished run, moving a change out of a final state, ...). Nothing was written.
    case invalidState(path: String, reason: String)
    /// An argument was rejected before anything was written: text that must be JSON is not, a date or count
    /// is out of range, or a run carries something that looks like a secret (the journal never stores the
    /// Liner API key).
    case invalidArgument(path: String, reason: String)
    /// Any other SQLite error (disk full, I/O error, busy for too long, ...).
    case sqlite(path: String, reason: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .cannotOpen(let path, _), .notFound(let path), .locked(let path, _), .corrupt(let path, _),
             .incompatible(let path, _), .unknownRun(let path, _), .unknownChange(let path, _),
             .invalidState(let path, _), .invalidArgument(let path, _), .sqlite(let path, _):
            return path
        }
    }

    /// A one-line message for people, naming the file.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the run journal at \(path): \(reason)"
        case .notFound(let path):
            return "no run journal at \(path)"
        case .locked(let path, let pid):
            if let pid {
                return "the run journal lock \(path) is held by process \(pid): another run is in progress"
            }
            return "the run journal lock \(path) is held by another process: another run is in progress"
        case .corrupt(let path, let reason):
            return "the run journal at \(path) is damaged or is not a run journal: \(reason)"
        case .incompatible(let path, let reason):
            return "the run journal at \(path) was written by a newer version: \(reason)"
        case .unknownRun(let path, let id):
            return "the run journal at \(path) has no run \(id)"
        case .unknownChange(let path, let id):
            return "the run journal at \(path) has no change \(id)"
        case .invalidState(let path, let reason):
            return "run journal \(path): \(reason)"
        case .invalidArgument(let path, let reason):
            return "run journal \(path): \(reason)"
        case .sqlite(let path, let reason):
            return "run journal \(path): SQLite error: \(reason)"
        }
    }
}

extension JournalError {
    /// Maps any error thrown inside a database access to a ``JournalError`` about `path`.
    static func wrapping(_ error: any Error, path: String, opening: Bool = false) -> JournalError {
        if let error = error as? JournalError { return error }
        if let problem = error as? DecodingProblem { return .corrupt(path: path, reason: problem.description) }
        if error is RowDecodingError { return .corrupt(path: path, reason: "\(error)") }
        guard let error = error as? DatabaseError else {
            return opening ? .cannotOpen(path: path, reason: "\(error)") : .sqlite(path: path, reason: "\(error)")
        }
        let reason = error.message ?? "\(error.resultCode)"
        switch error.resultCode.primaryResultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .corrupt(path: path, reason: reason)
        case .SQLITE_CANTOPEN:
            return .cannotOpen(path: path, reason: reason)
        default:
            return opening ? .cannotOpen(path: path, reason: reason) : .sqlite(path: path, reason: reason)
        }
    }
}
