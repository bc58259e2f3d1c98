import Foundation
import XCTest

@testable import ReconCrypto

/// Finds `shared/testdata` (third-party vectors, see its README).
///
/// Order: `RECON_TESTDATA` if set; else `<repository root>/../shared/testdata`
/// (the repository is `/work/<checkout>` beside `/work/shared`, and CI puts a
/// copy of `shared/` beside its clone); else `<repository root>/shared/testdata`.
/// The root is found from `#filePath`, as swift-crypto's Wycheproof helper does.
enum TestData {
    static func directory(filePath: String = #filePath) throws -> URL {
        if let override = ProcessInfo.processInfo.environment["RECON_TESTDATA"], !override.isEmpty {
            return URL(fileURLWithPath: override, isDirectory: true)
        }
        let repositoryRoot = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent()  // ReconCryptoTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
        let candidates = [
            repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata"),
            repositoryRoot.appendingPathComponent("shared/testdata"),
        ]
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.path) {
            return candidate
        }
        // A missing vector folder fails the run: a skipped agreement test would pass vacuously.
        throw TestDataMissing(searched: candidates.map(\.path))
    }

    static func wycheproof(_ name: String) throws -> Data {
        try Data(contentsOf: directory().appendingPathComponent("wycheproof/\(name)"))
    }

    struct TestDataMissing: Error, CustomStringConvertible {
        let searched: [String]
        var description: String {
            "shared/testdata not found; set RECON_TESTDATA or place shared/ beside the checkout. Searched: "
                + searched.joined(separator: ", ")
        }
    }
}

extension Array where Element == UInt8 {
    /// Hex test input; a malformed vector traps the test run loudly.
    init(hex: String) {
        guard let bytes = Hex.decode(hex) else { preconditionFailure("bad hex in test vector: \(hex.prefix(16))…") }
        self = bytes
    }
}
