import ArgumentParser
import Foundation
import RulesLanguage

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and check a ruleset without running it.",
        discussion: """
        Reports every error and warning of every .rules file under DIR as \
        path:line:column: error|warning: message, with the source line and a caret.

        With --account FILE (saved by enrich account pull) the rules are also \
        checked against the account: every status code resolves (exactly, or \
        by its declared category), every customValues[ID] exists, and what a \
        rule or table row writes there fits the field's type (int, float, \
        bool, date, datetime, a select option's code).

        A pack may import another (import "../shared" as shared, see \
        docs/language.md, "Packs that import packs"); the digest of each \
        imported pack is kept in imports.lock next to the pack, and an upstream \
        change is a warning until --update-lock records it.

        A warning can be silenced at one site with a comment on the line \
        before it (or at the end of its line) that states why: \
        # enrich:ignore CODE -- REASON. --list-silenced lists every warning \
        silenced so, with its reason.

        Exit codes: 0 no error (warnings allowed unless --warnings-as-errors),
        1 errors found, 2 the directory, a file or the account file could not
        be read, 64 usage (an unknown option, a bad value, a missing argument).
        """
    )

    @Argument(help: "The ruleset directory (or one .rules file).")
    var directory: String = "rules"

    @Flag(help: "Treat warnings as errors (exit 1 when there is any).")
    var warningsAsErrors = false

    @Option(help: "Diagnostics as text (for people) or json (for editors and CI).")
    var format: DiagnosticFormat = .text

    @Option(help: ArgumentHelp("The account's facts as enrich account pull saves them: check status codes and custom values against them.", valueName: "file"))
    var account: String?

    @Flag(help: "Record the digest of every imported pack in imports.lock (next to the pack), after reviewing an upstream change.")
    var updateLock = false

    @Flag(help: "List the warnings silenced by '# enrich:ignore CODE -- REASON' comments, with their reasons.")
    var listSilenced = false

    func run() throws {
        let facts = try account.map(AccountCheck.load)
        if updateLock { try writeLock() }
        let result = RulesetLoader.load(directory: directory, account: facts)
        for message in result.ioErrors { Console.error(message + "\n") }
        let silenced = result.ruleset?.silenced ?? []
        switch format {
        case .json where listSilenced: Console.output(try SilencedList.json(diagnostics: result.diagnostics, silenced: silenced))
        case .json: Console.output(DiagnosticRenderer.json(result.diagnostics))
        case .text: Console.error(Console.renderer().render(result.diagnostics))
        }
        if listSilenced, format == .text { Console.output(SilencedList.text(silenced)) }
        if !result.ioErrors.isEmpty {
            // The count above is of diagnostics: say that the check is incomplete too.
            Console.error("\(result.ioErrors.count) file\(result.ioErrors.count == 1 ? "" : "s") or director\(result.ioErrors.count == 1 ? "y" : "ies") could not be read (above): the check is incomplete\n")
            throw ExitCode(2)
        }
        let failed = result.diagnostics.hasErrors || (warningsAsErrors && !result.diagnostics.isEmpty)
        if failed { throw ExitCode(1) }
        if format == .text {
            if let facts, let ruleset = result.ruleset {
                Console.error(AccountCheck.notes(StatusResolution(ruleset, account: facts.statuses).matches))
                if facts.customFields == nil { Console.error("note: \(account ?? "the account file") lists no custom fields (unknown): customValues[ID] are not checked\n") }
            }
            let count = result.files.count, imported = result.importedFiles.count
            let importedText = imported == 0 ? "" : " and \(imported) imported file\(imported == 1 ? "" : "s")"
            Console.error("checked \(count) file\(count == 1 ? "" : "s")\(importedText): no errors\n")
            // People's edits win, except against these: list them, so that a reviewer sees them.
            let overriding = (result.ruleset?.writers ?? []).filter(\.overridesEdits)
            if !overriding.isEmpty {
                Console.error("\(overriding.count) rule\(overriding.count == 1 ? "" : "s") override\(overriding.count == 1 ? "s" : "") people's edits:\n")
                for writer in overriding { Console.error("  \(writer.range.location): \"\(writer.name)\"\n") }
            }
        }
    }

    /// Writes `imports.lock` for the pack's imports (their digests as they are now).
    private func writeLock() throws {
        let loaded = RulesetLoader.load(directory: directory, includeTests: true)
        let path = ImportLock.path(forPack: directory)
        guard !loaded.imports.isEmpty else {
            Console.error("\(directory) imports no pack: no lock to write\n")
            return
        }
        do {
            try InPlaceFileWriter.writeOutput(Data(ImportLock.text(loaded.imports).utf8), to: path)
        } catch {
            Console.error("\(path): error: cannot write the lock: \(error.localizedDescription)\n")
            throw ExitCode(2)
        }
        Console.error("wrote \(path): \(loaded.imports.count) imported pack\(loaded.imports.count == 1 ? "" : "s")\n")
    }
}
