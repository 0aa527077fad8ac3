import ArgumentParser
import Foundation
import RulesLanguage
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writing to standard output and standard error, and choosing colour, for every subcommand.
///
/// A write that fails (a full disk, a closed descriptor) does not stop the program: the first failure of standard
/// output is reported on standard error, nothing more is written to that stream, and the command ends with
/// ``outputFailureExitCode`` (``Enrich/main()``), so that a script sees that the output it reads is incomplete. A
/// run applying patches goes on: its journal, not its output, is the record of what was sent.
enum Console {
    /// The exit code of a command whose output could not be written (`EX_IOERR` of sysexits.h).
    static let outputFailureExitCode: Int32 = 74

    /// The streams that failed, as bits (``Stream``). Process-wide, as the descriptors are.
    private static let failed = Atomic<UInt8>(0)

    /// A standard stream, as a bit of ``failed``.
    private enum Stream: UInt8 {
        case output = 1, error = 2

        var descriptor: Int32 { self == .output ? STDOUT_FILENO : STDERR_FILENO }
        var name: String { self == .output ? "standard output" : "standard error" }
    }

    static func error(_ text: String) {
        var text = text
        text.withUTF8 { write($0, to: .error) }
    }

    static func output(_ text: String) {
        var text = text
        text.withUTF8 { write($0, to: .output) }
    }

    /// Writes `bytes` (UTF-8) to standard output as they are, not copied first.
    static func output(utf8 bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { write($0, to: .output) }
    }

    /// Whether a write to standard output or standard error failed.
    static var outputFailed: Bool { failed.load(ordering: .relaxed) != 0 }

    /// A renderer that colours only on a terminal and never with NO_COLOR.
    static func renderer(for fileDescriptor: Int32 = STDERR_FILENO) -> DiagnosticRenderer {
        DiagnosticRenderer(colored: DiagnosticRenderer.wantsColor(fileDescriptor: fileDescriptor))
    }

    /// Writes all of `bytes` to `stream` (again after a partial write or an interruption); on a failure marks the
    /// stream failed, reports it on standard error when that is not the failing stream, and writes nothing more there.
    private static func write(_ bytes: UnsafeBufferPointer<UInt8>, to stream: Stream) {
        guard let base = bytes.baseAddress, !bytes.isEmpty, failed.load(ordering: .relaxed) & stream.rawValue == 0 else { return }
        var written = 0
        while written < bytes.count {
            let result = Glibc.write(stream.descriptor, base + written, bytes.count - written)
            if result >= 0 {
                written += result
                continue
            }
            let code = errno
            if code == EINTR { continue }
            let (before, _) = failed.bitwiseOr(stream.rawValue, ordering: .relaxed)
            if before & stream.rawValue == 0, stream == .output {
                let reason = String(cString: strerror(code))
                var message = "enrich: error: cannot write \(stream.name): \(reason); the output is incomplete\n"
                message.withUTF8 { write($0, to: .error) }
            }
            return
        }
    }
}

/// Output formats for diagnostics.
enum DiagnosticFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}
