import Foundation
import XCTest

/// Compares rendered reports with files in `Golden/`, found next to this
/// source file by `#filePath` (like swift-openapi-generator's reference
/// tests). On a difference the failure shows a line diff, `-` expected and
/// `+` actual with line numbers. `RECON_UPDATE_GOLDEN=1` rewrites the files
/// instead; review the git diff before committing them.
enum GoldenFile {
    static func folder(file: StaticString = #filePath) -> URL {
        URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Golden")
    }

    static func assertMatches(
        _ actual: String, golden name: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        let url = folder().appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECON_UPDATE_GOLDEN"] == "1" {
            XCTAssertNoThrow(try Data(actual.utf8).write(to: url), file: file, line: line)
            return
        }
        guard let data = try? Data(contentsOf: url) else {
            XCTFail("golden file \(url.path) missing; run with RECON_UPDATE_GOLDEN=1 to create it", file: file, line: line)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return }
        XCTFail("\(name) differs from its golden file:\n\(lineDiff(expected: expected, actual: actual))", file: file, line: line)
    }

    /// Changed lines only, numbered, at most 40 of them.
    static func lineDiff(expected: String, actual: String) -> String {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var changes: [(line: Int, text: String)] = []
        for change in actualLines.difference(from: expectedLines) {
            switch change {
            case .remove(let offset, let element, _): changes.append((offset + 1, "- \(offset + 1): \(element)"))
            case .insert(let offset, let element, _): changes.append((offset + 1, "+ \(offset + 1): \(element)"))
            }
        }
        let shown = changes.sorted { $0.line < $1.line }.prefix(40).map(\.text)
        let more = changes.count > 40 ? "\n… and \(changes.count - 40) more changed lines" : ""
        return shown.joined(separator: "\n") + more
    }
}
