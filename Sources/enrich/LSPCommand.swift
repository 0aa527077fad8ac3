import ArgumentParser
import Foundation
import LanguageServer
import LeadEngine

struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Serve the Language Server Protocol over standard input and output (for editors).",
        discussion: """
        Editors start it and talk to it; see docs/editors.md (VS Code, Neovim, Helix). \
        Diagnostics are those of enrich check for the whole pack a file belongs to \
        (its directory of .rules files, and the files under tests/ that are open), \
        on every change of an unsaved buffer. Also: hover, go to definition, find \
        references, completion, formatting as enrich fmt, document symbols, and \
        quick fixes for the checker's did-you-mean suggestions.

        Exit codes: 0 after the client's shutdown and exit, 1 when the client left \
        without them, 64 usage.
        """
    )

    @Flag(help: "Accepted for editors that pass it; standard input and output are the only transport.")
    var stdio = false

    func run() throws {
        // A client that goes away must end the server through a failed write, not a signal.
        signal(SIGPIPE, SIG_IGN)
        let code = StdioTransport.run(LanguageServer(version: EngineVersion.current))
        if code != 0 { throw ExitCode(code) }
    }
}
