// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "EnrichService",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // The enrich repository, checked out next to this package (or its URL and a version).
        // `traits: []`: only the engine, none of the CLI's, client's, journal's or emulator's packages.
        .package(path: "../enrich", traits: []),
    ],
    targets: [
        .executableTarget(
            name: "EnrichService",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "LeadEngine", package: "enrich"),
            ]
        ),
    ]
)
