// swift-tools-version:6.1
import PackageDescription

/// The trait behind which the Liner integration's dependencies sit (SE-0450): the CLI (swift-argument-parser),
/// the API client (async-http-client, swift-nio, swift-log), the run journal (GRDB) and the emulator
/// (FlyingFox). On by default. A package that embeds only the engine (LeadEngine, RulesLanguage,
/// LeadStream, RuleHarness, PCRE2) turns it off with `traits: []` on its `.package(...)` line, and
/// SwiftPM then neither resolves nor clones those packages (see README, "Embedding the engine").
/// Without it the integration targets (enrich, LinerClient, LinerSim, RunJournal, LinerRun,
/// liner-sim) do not build.
let integration = "Integration"

func integrationProduct(_ name: String, _ package: String) -> Target.Dependency {
    .product(name: name, package: package, condition: .when(traits: [integration]))
}

let package = Package(
    name: "LinerEnrich",
    platforms: [.macOS(.v15)],
    products: [
        /// The embeddable engine: rules language + evaluation. No networking, no CLI.
        .library(name: "LeadEngine", targets: ["LeadEngine"]),
        /// The rules language alone (parser, checker, formatter, diagnostics).
        .library(name: "RulesLanguage", targets: ["RulesLanguage"]),
        /// The rule author's tools: the test runner, coverage, `explain` renderings and rules diffs
        /// (a service's CI runs a pack's tests with them, without the CLI).
        .library(name: "RuleHarness", targets: ["RuleHarness"]),
        /// Lead readers (JSON Lines, JSON arrays, CSV) and parallel batch evaluation.
        .library(name: "LeadStream", targets: ["LeadStream"]),
        /// A small, thread-safe Swift binding to the system PCRE2 (8-bit, JIT).
        .library(name: "PCRE2", targets: ["PCRE2"]),
        .executable(name: "enrich", targets: ["enrich"]),
        /// Liner's wire format: JSON values, the response envelope, the updatable fields and their checks.
        .library(name: "LinerWire", targets: ["LinerWire"]),
        /// A Liner API client (AsyncHTTPClient): retries, timeouts, concurrency and rate limits, paging.
        .library(name: "LinerClient", targets: ["LinerClient"]),
        /// A local Liner emulator (FlyingFox) with fault injection: the sandbox and the backbone of the tests.
        .library(name: "LinerSim", targets: ["LinerSim"]),
        .executable(name: "liner-sim", targets: ["liner-sim"]),
    ],
    traits: [
        .trait(name: integration, description: "The CLI, the Liner client, the run journal and the emulator: their package dependencies."),
        .default(enabledTraits: [integration]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // `enrich serve`: the HTTP server, its lifecycle (graceful SIGTERM) and its Prometheus metrics.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // `swift package generate-documentation` (scripts/docs.sh): the DocC catalogs of LeadEngine and RulesLanguage.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The C side of PCRE2: the system libpcre2-8 found through pkg-config.
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .target(name: "PCRE2", dependencies: ["CPCRE2"]),
        // ISO 8601 times and calendar arithmetic, shared by the rules, the journal and the emulator.
        .target(name: "Timestamps"),
        // Liner's lead fields: the one table (kinds, writability, wire order, clearing, validation, sameness)
        // that the rules language, the engine and the wire format derive from. It sits on JSON, below all three.
        .target(name: "LeadFields", dependencies: ["JSON"]),
        .target(name: "RulesLanguage", dependencies: ["PCRE2", "Timestamps", "JSON", "LeadFields", "Hashing"]),
        // JSON values, parser and writer: the engine's and Liner's wire format's (both re-export it).
        .target(name: "JSON", dependencies: ["CByteScan"]),
        // SHA-256 and HMAC-SHA256, self-contained (plan files are authenticated with the API key).
        .target(name: "Hashing"),
        .target(name: "CPrefetch"),
        // Sixteen bytes tested at a time (SSE2), for the JSON string loops and the invisible characters' search.
        .target(name: "CByteScan"),
        .target(name: "LeadEngine", dependencies: ["JSON", "LeadFields", "RulesLanguage", "PCRE2", "CPrefetch", "CByteScan"]),
        // Reading leads from files (JSON Lines, JSON arrays, CSV) and evaluating them in parallel batches.
        .target(name: "LeadStream", dependencies: ["JSON", "LeadEngine"]),
        // The language server of the rules language (`enrich lsp`): JSON-RPC over stdio, diagnostics, hover,
        // definitions, completion, formatting, symbols, code actions. No networking.
        .target(name: "LanguageServer", dependencies: ["RulesLanguage", "JSON", "LeadFields", "PCRE2"]),
        // The rule author's tools: test runner, coverage, explanations, rules diffs.
        .target(name: "RuleHarness", dependencies: ["LeadEngine"]),
        // Generates the Russian phone-range tables of the default pack from the national registry.
        .target(name: "NumberingPlan"),
        .executableTarget(
            name: "enrich",
            dependencies: [
                "LeadEngine",
                "LeadStream",
                "RuleHarness",
                "NumberingPlan",
                "LanguageServer",
                "LinerClient",
                "LinerRun",
                "RunJournal",
                "EnrichServer",
                integrationProduct("ArgumentParser", "swift-argument-parser"),
                integrationProduct("Logging", "swift-log"),
            ]
        ),

        // Benchmarks (release builds only; never part of the test suite's timing).
        .target(name: "CPCRE2Loop", dependencies: ["CPCRE2"]),
        .target(name: "BenchSupport"),
        .executableTarget(name: "regex-bench", dependencies: ["PCRE2", "CPCRE2Loop", "BenchSupport"]),
        .executableTarget(name: "rules-bench", dependencies: ["RulesLanguage", "BenchSupport"]),
        .executableTarget(name: "engine-bench", dependencies: ["LeadEngine", "LeadStream", "RulesLanguage", "LeadFields", "PCRE2", "BenchSupport"]),

        // Liner integration (networking lives here, never in the engine). The wire module's sources sit
        // under Sources/LinerClient/Wire; LinerClient's own under Sources/LinerClient/Client.
        .target(name: "LinerWire", dependencies: ["JSON", "LeadFields"], path: "Sources/LinerClient/Wire"),
        .target(
            name: "LinerClient",
            dependencies: [
                "LinerWire",
                "Timestamps",
                "Hashing",
                integrationProduct("AsyncHTTPClient", "async-http-client"),
                integrationProduct("NIOCore", "swift-nio"),
                integrationProduct("NIOHTTP1", "swift-nio"),
                integrationProduct("NIOPosix", "swift-nio"),
                integrationProduct("Logging", "swift-log"),
            ],
            path: "Sources/LinerClient/Client"
        ),
        .target(name: "LinerSim", dependencies: ["LeadFields", "LinerWire", "Timestamps", integrationProduct("FlyingFox", "FlyingFox")]),
        // The run journal (SQLite through GRDB): runs, patch attempts and outcomes, the lock, lead history.
        .target(name: "RunJournal", dependencies: ["JSON", "Timestamps", integrationProduct("GRDB", "GRDB.swift")]),
        // Scheduled runs against Liner: reading leads, evaluating, applying patches through the journal.
        .target(
            name: "LinerRun",
            dependencies: ["LeadEngine", "LeadFields", "LeadStream", "LinerClient", "LinerWire", "RunJournal", "RulesLanguage", "Hashing"]
        ),
        // `enrich serve`: the evaluation API, the Liner watch loop, hot reload of the pack, metrics and the page.
        .target(
            name: "EnrichServer",
            dependencies: [
                "LeadEngine",
                "LeadStream",
                "RuleHarness",
                "RulesLanguage",
                "LinerRun",
                "LinerClient",
                "RunJournal",
                integrationProduct("Hummingbird", "hummingbird"),
                integrationProduct("NIOCore", "swift-nio"),
                integrationProduct("ServiceLifecycle", "swift-service-lifecycle"),
                integrationProduct("Prometheus", "swift-prometheus"),
                integrationProduct("Logging", "swift-log"),
            ],
            resources: [.copy("Resources/openapi.json")]
        ),
        .executableTarget(
            name: "liner-sim",
            dependencies: ["LinerSim", integrationProduct("ArgumentParser", "swift-argument-parser")]
        ),

        .testTarget(name: "PCRE2Tests", dependencies: ["PCRE2"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "BenchSupport"]),
        // The lead fields' table and every consumer of it: the language, the engine, the wire format.
        .testTarget(name: "LeadFieldsTests", dependencies: ["LeadFields", "RulesLanguage", "LeadEngine", "LinerWire", "BenchSupport"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "RulesLanguageTests", dependencies: ["RulesLanguage", "BenchSupport"], exclude: ["Golden"]),
        // BenchSupport: the benchmark's lead generator and SplitMix64, for the differential tests against the
        // reference interpreter (Tests/LeadEngineTests/Reference).
        .testTarget(name: "LeadEngineTests", dependencies: ["LeadEngine", "RulesLanguage", "LeadFields", "PCRE2", "BenchSupport"]),
        .testTarget(name: "LanguageServerTests", dependencies: ["LanguageServer", "RulesLanguage", "JSON", "LeadFields"]),
        .testTarget(name: "LeadStreamTests", dependencies: ["LeadStream", "BenchSupport"]),
        .testTarget(name: "RuleHarnessTests", dependencies: ["RuleHarness", "LeadStream", "RulesLanguage"]),
        // Runs the built enrich binary; it depends on the target so that it is built first.
        .testTarget(name: "EnrichCLITests", dependencies: ["enrich", "engine-bench"]),
        .testTarget(name: "NumberingPlanTests", dependencies: ["NumberingPlan", "LeadEngine"]),
        .testTarget(name: "LinerSimTests", dependencies: ["LinerSim", "LinerWire"]),
        .testTarget(name: "RunJournalTests", dependencies: ["RunJournal", integrationProduct("GRDB", "GRDB.swift")]),
        // Also runs the built enrich binary (SIGKILL tests), hence the dependency on it.
        .testTarget(name: "LinerRunTests", dependencies: ["LinerRun", "LinerSim", "LinerClient", "RunJournal", "LeadEngine", "Hashing", "enrich"]),
        .testTarget(
            name: "LinerClientTests",
            dependencies: ["LinerClient", "LinerSim", "LinerWire", integrationProduct("Logging", "swift-log")]
        ),
        .testTarget(
            name: "EnrichServerTests",
            dependencies: [
                "EnrichServer", "LeadEngine", "LeadStream", "LinerRun", "LinerSim", "LinerClient", "RunJournal", "enrich",
                integrationProduct("HummingbirdTesting", "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
