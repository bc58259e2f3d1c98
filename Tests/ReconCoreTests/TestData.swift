import Foundation

/// Finds `shared/testdata` (third-party vectors) by path, like swift-crypto's
/// Wycheproof helper: `RECON_TESTDATA` if set, else `<repo root>/../shared/testdata`.
/// The repository root is the first folder above this file holding Package.swift,
/// so the lookup works from any checkout folder, including CI's.
enum TestData {
    static func url(_ relativePath: String, file: StaticString = #filePath) throws -> URL {
        try root(file: file).appendingPathComponent(relativePath)
    }

    static func root(file: StaticString = #filePath) throws -> URL {
        if let override = ProcessInfo.processInfo.environment["RECON_TESTDATA"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var folder = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                let testData = folder.deletingLastPathComponent().appendingPathComponent("shared/testdata")
                guard FileManager.default.fileExists(atPath: testData.path) else {
                    throw TestDataMissing(message: "no test data at \(testData.path); set RECON_TESTDATA")
                }
                return testData
            }
            folder = folder.deletingLastPathComponent()
        }
        throw TestDataMissing(message: "repository root not found above \(file); set RECON_TESTDATA")
    }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(relativePath)))
    }

    /// File names in a test data folder, sorted, optionally filtered by suffix.
    static func files(in folder: String, suffix: String = "") throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(folder).path)
            .filter { $0.hasSuffix(suffix) }
            .sorted()
    }
}

/// Missing vectors fail the test instead of skipping it: a silently skipped
/// conformance suite in CI would prove nothing.
struct TestDataMissing: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
