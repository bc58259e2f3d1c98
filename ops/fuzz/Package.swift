// swift-tools-version:6.0
import PackageDescription

// Fuzzing harness for ReconCore's parsers (libFuzzer + AddressSanitizer).
//
// A separate package so sanitizer flags never reach the main build. The root
// package exposes no library product for ReconCore, so `Sources/ReconCore` is a
// symlink to the root's `Sources/ReconCore` and is compiled here, instrumented,
// as its own target. `Config/` is excluded: it is the only part that imports
// Yams (job/keyring YAML), nothing the parsers use, and leaving it out keeps
// this package free of remote dependencies (no network needed to build).
let package = Package(
    name: "recon-fuzz",
    targets: [
        .target(name: "ReconCore", exclude: ["Config"]),
        // libFuzzer's driver and the statement readers' shared exercise.
        .target(name: "FuzzSupport", dependencies: ["ReconCore"]),
        .executableTarget(name: "FuzzCSV", dependencies: ["ReconCore", "FuzzSupport"]),
        .executableTarget(name: "FuzzJSON", dependencies: ["ReconCore", "FuzzSupport"]),
        .executableTarget(name: "FuzzMT940", dependencies: ["ReconCore", "FuzzSupport"]),
        .executableTarget(name: "FuzzCamt", dependencies: ["ReconCore", "FuzzSupport"]),
        .executableTarget(name: "FuzzBAI2", dependencies: ["ReconCore", "FuzzSupport"]),
        // The Reconciler (SPEC §5, many-to-one and tolerance included) on nights made of fuzz bytes.
        .executableTarget(name: "FuzzMatch", dependencies: ["ReconCore", "FuzzSupport"]),
    ]
)
