import Foundation

// regex-bench: the same workload through the PCRE2 wrapper, a plain C loop over pcre2_jit_match,
// NSRegularExpression and Swift Regex. See docs/benchmarks.md. An error (a pattern PCRE2 refuses, a file that cannot
// be written) is written to standard error and the exit code is 1.
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    if arguments.first == "profile" {
        if let profile = Profile(arguments: Array(arguments.dropFirst())) { try profile.run() }
    } else if let settings = Settings(arguments: arguments) {
        try Benchmark(settings: settings).run()
    }
} catch {
    FileHandle.standardError.write(Data("regex-bench: \(error)\n".utf8))
    exit(1)
}
