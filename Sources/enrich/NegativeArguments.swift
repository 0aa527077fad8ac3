import ArgumentParser

/// Negative numbers given where a command takes a number as its one positional argument (`enrich history -5`).
///
/// ArgumentParser reads `-5` as a short option, so the command said "Missing expected argument '<lead-id>'"
/// instead of what is wrong with the number. For the commands listed here a token that is a negative integer
/// is moved behind `--` (their one positional argument, wherever it stood), so that the command's own
/// validation names it: "the lead id must be > 0, not -5".
enum NegativeArguments {
    /// Commands whose one positional argument is an integer and none of whose options is named like a number.
    static let commands: [ParsableCommand.Type] = [HistoryCommand.self, RevertCommand.self]

    /// `arguments` (without the program's name) with a negative integer moved behind `--` when the subcommand is
    /// one of ``commands`` and no `--` is given already; otherwise unchanged.
    static func separated(_ arguments: [String]) -> [String] {
        guard let name = arguments.first, commands.contains(where: { $0.configuration.commandName == name }),
              !arguments.contains("--") else { return arguments }
        var rest = Array(arguments.dropFirst())
        guard let index = rest.firstIndex(where: isNegativeInteger) else { return arguments }
        let number = rest.remove(at: index)
        return [name] + rest + ["--", number]
    }

    /// `-` followed by decimal digits only.
    static func isNegativeInteger(_ token: String) -> Bool {
        let utf8 = token.utf8
        return utf8.count > 1 && utf8.first == UInt8(ascii: "-") && utf8.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
