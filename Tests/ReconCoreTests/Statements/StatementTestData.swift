import Foundation

/// Finds `shared/testdata` beside the checkout: `/work/<checkout>` has
/// `/work/shared`, and CI copies `shared/` next to its clone. `RECON_TESTDATA`
/// overrides both.
enum StatementTestData {
    static var root: URL? {
        if let override = ProcessInfo.processInfo.environment["RECON_TESTDATA"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        // #filePath = <repo>/Tests/ReconCoreTests/Statements/StatementTestData.swift
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let candidate = repository.deletingLastPathComponent().appendingPathComponent("shared/testdata")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }

    /// Every regular file below `folder`, sorted by relative path.
    static func files(in folder: String) -> [(relative: String, url: URL)] {
        guard let base = root?.appendingPathComponent(folder),
            let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var result: [(String, URL)] = []
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let relative = String(url.path.dropFirst(base.path.count + 1))
            result.append((relative, url))
        }
        return result.sorted { $0.0 < $1.0 }
    }

    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}
