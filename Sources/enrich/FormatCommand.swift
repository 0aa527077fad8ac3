import ArgumentParser
import Foundation
import RulesLanguage

struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite .rules files in canonical form, keeping comments.",
        discussion: """
        Formatting is idempotent: a formatted file formats to itself. A file with a syntax \
        error is left untouched and its errors are reported.

        Exit codes: 0 done (with --check: every file already canonical), 1 a file has syntax \
        errors (with --check: or would be reformatted), 2 the directory could not be read, \
        64 usage.
        """
    )

    @Argument(help: "The ruleset directory (or one .rules file).")
    var directory: String = "rules"

    @Flag(help: "Do not write: list the files that are not canonical and exit 1 if any.")
    var check = false

    func run() throws {
        var ioErrors: [String] = []
        let paths = RulesetLoader.rulesFiles(in: directory, errors: &ioErrors)
        for message in ioErrors { Console.error(message + "\n") }
        if !ioErrors.isEmpty { throw ExitCode(2) }
        var failed = false
        var changed = 0
        for path in paths {
            let text: String
            // A rules file is a regular file: fmt writes it back (a pipe or a device is refused, never waited on).
            do { text = try WholeFile.text(path, "the rules file", regularOnly: true) } catch {
                Console.error("\(error)\n")
                failed = true
                continue
            }
            let (file, diagnostics) = Parser.parse(SourceFile(path: path, text: text))
            if diagnostics.hasErrors {
                Console.error(Console.renderer().render(diagnostics))
                failed = true
                continue
            }
            let formatted: String
            switch RulesFormatter().formatKeepingSilences(file) {
            case let .success(text): formatted = text
            case let .failure(moved):
                // Formatting would change what is silenced: the file is left as it is, and that is an error.
                Console.error(Console.renderer().render(moved.moves.map {
                    Diagnostic(Diagnostic.Message("fmt-silence", .error, $0.description), at: $0.comment)
                }))
                failed = true
                continue
            }
            guard formatted != text else { continue }
            changed += 1
            if check {
                Console.output("\(path)\n")
            } else {
                // Through a symbolic link to its target (the link stays), atomically, keeping the mode.
                do throws(InPlaceFileWriter.Failure) {
                    try InPlaceFileWriter.write(Data(formatted.utf8), to: path)
                } catch {
                    Console.error("\(path): error: cannot write the file: \(error.reason)\n")
                    failed = true
                }
            }
        }
        if check {
            Console.error("\(changed) of \(paths.count) file\(paths.count == 1 ? "" : "s") would be reformatted\n")
            if changed > 0 { failed = true }
        } else {
            Console.error("reformatted \(changed) of \(paths.count) file\(paths.count == 1 ? "" : "s")\n")
        }
        if failed { throw ExitCode(1) }
    }
}
