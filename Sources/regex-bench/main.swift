// regex-bench: the same workload through the PCRE2 wrapper, a plain C loop over pcre2_jit_match,
// NSRegularExpression and Swift Regex. See docs/benchmarks.md.
if let settings = Settings(arguments: Array(CommandLine.arguments.dropFirst())) {
    try Benchmark(settings: settings).run()
}
