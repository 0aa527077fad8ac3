import ArgumentParser
import Foundation
import RulesLanguage

/// Writing to standard error and choosing colour, for every subcommand.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes `bytes` (UTF-8) to standard output as they are, not copied first.
    static func output(utf8 bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { raw in
            FileHandle.standardOutput.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: raw.baseAddress!),
                                                 count: raw.count, deallocator: .none))
        }
    }

    /// A renderer that colours only on a terminal and never with NO_COLOR.
    static func renderer(for fileDescriptor: Int32 = STDERR_FILENO) -> DiagnosticRenderer {
        DiagnosticRenderer(colored: DiagnosticRenderer.wantsColor(fileDescriptor: fileDescriptor))
    }
}

/// Output formats for diagnostics.
enum DiagnosticFormat: String, CaseIterable, ExpressibleByArgument {
    case text, json
}
