import Foundation

extension RunJournal {
    /// The file name of the journal inside its state directory.
    public static let fileName = "journal.sqlite"
    /// The directory under the XDG state home that holds the journal.
    public static let directoryName = "liner-enrich"

    /// Where the journal lives when no path is given on the command line.
    ///
    /// In order:
    /// 1. `$ENRICH_JOURNAL`, as given (a relative path is relative to the working directory);
    /// 2. `$XDG_STATE_HOME/liner-enrich/journal.sqlite`, when `XDG_STATE_HOME` is an absolute path (the XDG
    ///    Base Directory specification says a relative value must be ignored);
    /// 3. `$HOME/.local/state/liner-enrich/journal.sqlite` (the XDG default state home), where `HOME` falls
    ///    back to the user's home directory from the password database when it is unset or empty.
    ///
    /// Empty variables count as unset.
    ///
    /// - Parameter environment: The environment to read; the process's own by default.
    /// - Returns: The journal's path. Nothing is created.
    public static func defaultPath(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let explicit = environment["ENRICH_JOURNAL"], !explicit.isEmpty {
            return explicit
        }
        if let stateHome = environment["XDG_STATE_HOME"], stateHome.hasPrefix("/") {
            return join(stateHome, directoryName, fileName)
        }
        var home = environment["HOME"] ?? ""
        if home.isEmpty {
            home = FileManager.default.homeDirectoryForCurrentUser.path
        }
        return join(home, ".local/state", directoryName, fileName)
    }

    /// Joins path components with exactly one `/` between them.
    private static func join(_ first: String, _ rest: String...) -> String {
        var result = first
        for part in rest {
            while result.count > 1, result.hasSuffix("/") { result.removeLast() }
            result += (result.hasSuffix("/") ? "" : "/") + part
        }
        return result
    }
}
