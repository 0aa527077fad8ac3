import ArgumentParser
import LeadEngine

/// Loads a ruleset for a subcommand, printing its diagnostics and exiting 2 when it does not load.
func loadEngine(_ directory: String) throws -> Engine {
    do {
        return try Engine(directory: directory)
    } catch {
        for message in error.ioErrors { Console.error(message + "\n") }
        Console.error(Console.renderer().render(error.diagnostics))
        throw ExitCode(2)
    }
}
