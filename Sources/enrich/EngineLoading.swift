import ArgumentParser
import LeadEngine
import LeadStream

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

/// Opens the leads input (a path, or - for standard input), reporting a failure and exiting 2.
func openInput(_ path: String) throws -> ByteSource {
    do {
        return try ByteSource(path: path)
    } catch {
        Console.error("\(path): error: cannot open the input\n")
        throw ExitCode(2)
    }
}
