import Foundation
import XCTest

/// Style checks as a test (after TigerBeetle's tidy.zig): no `try!`, no
/// binary floating point next to money, no leftover FIXME/TODO, no file that
/// grew past what one person reads in one sitting.
final class TidyTests: XCTestCase {
    private var sourceFiles: [(path: String, text: String)] {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let sources = root.appendingPathComponent("Sources")
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        var files: [(String, String)] = []
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift", let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            files.append((url.path.replacingOccurrences(of: root.path + "/", with: ""), text))
        }
        return files
    }

    func testSourcesAreTidy() throws {
        let files = sourceFiles
        XCTAssertGreaterThan(files.count, 50, "the checks must actually see the sources")
        let money = try Regex(#"(?i)(amount|money|minor|balance|\bnet\b|\bfee)"#)
        let float = try Regex(#"\b(Double|Float)\b"#)
        let forcedTry = try Regex(#"\btry!"#)
        for (path, text) in files {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let location = "\(path):\(number + 1)"
                XCTAssertFalse(line.contains(forcedTry), "\(location): try! traps on bad input")
                XCTAssertFalse(line.contains("FIXME") || line.contains("TODO"), "\(location): leftover marker")
                if line.contains(float), line.contains(money) {
                    XCTFail("\(location): binary floating point next to money: \(line)")
                }
            }
            XCTAssertLessThan(text.split(separator: "\n").count, 500, "\(path) is too long to read in one sitting")
        }
    }
}
