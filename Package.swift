// swift-tools-version:6.0
import PackageDescription

// Layers, bottom to top:
//   C system libraries (CLibPQ, COpenSSL, CZlib)  — pkg-config, no code of ours
//   ReconCore    — pure logic: money, parsing, JCS, validation, matching, reports
//   ReconCrypto  — owns OpenSSL handles: keys, signature verification, hashing
//   ReconStore   — owns libpq handles: connections, COPY, migrations, queries
//   ReconEngine  — wires the parts: ingest pipeline, settlement, reconcile, reports
//   recon        — thin executable: arguments, wiring, exit codes
let package = Package(
    name: "recon",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "recon", targets: ["recon"]),
        .executable(name: "recon-fixtures", targets: ["recon-fixtures"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        .systemLibrary(
            name: "COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "ReconCore",
            dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "ReconCrypto", dependencies: ["COpenSSL"]),
        .target(name: "ReconStore", dependencies: ["CLibPQ"]),
        .target(
            name: "ReconEngine",
            dependencies: [
                "ReconCore", "ReconCrypto", "ReconStore", "CZlib",
                .product(name: "Logging", package: "swift-log"), "ReconSchema",
            ]),
        // sql/*.sql compiled in at build time (Sources/ReconSchema/sql links to sql/; Plugins/).
        .target(name: "ReconSchema", plugins: ["EmbedMigrations"]),
        .executableTarget(name: "recon-embed-migrations", path: "Plugins/EmbedMigrationsTool"),
        .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["recon-embed-migrations"]),
        .executableTarget(
            name: "recon",
            dependencies: [
                "ReconEngine", "ReconCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "recon-fixtures",
            dependencies: [
                "ReconCore", "ReconCrypto", "ReconEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "ReconCoreTests", dependencies: ["ReconCore"], exclude: ["Reports/Golden"]),
        .testTarget(name: "ReconCryptoTests", dependencies: ["ReconCrypto"]),
        .testTarget(name: "ReconStoreTests", dependencies: ["ReconStore"]),
        .testTarget(
            name: "ReconEngineTests",
            dependencies: [
                "ReconEngine", "ReconStore", "ReconCrypto", "ReconCore",
                .product(name: "Logging", package: "swift-log"),
            ]),
    ]
)
