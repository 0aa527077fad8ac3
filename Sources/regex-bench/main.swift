// regex-bench: the same workload through the PCRE2 wrapper, a plain C loop over pcre2_jit_match,
// NSRegularExpression and Swift Regex. See docs/benchmarks.md.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "profile" {
    if let profile = Profile(arguments: Array(arguments.dropFirst())) { try profile.run() }
} else if let settings = Settings(arguments: arguments) {
    try Benchmark(settings: settings).run()
}
