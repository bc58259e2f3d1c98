import Foundation
import XCTest

/// Issue 11 point 8: every statement lives in ReconStore. The engine names
/// what it needs (`BatchesTable.markFailed(…)`); a statement typed inline in
/// ReconEngine or the CLI would bypass the store's column lists and its
/// parameter binding, so this test reads their sources and names any.
final class StoreBoundaryTests: XCTestCase {
    private static let statementStart = try! NSRegularExpression(
        pattern: #"(execute|copyIn|beginCopyIn|copyOut|forEachBatch)\(\s*"|"\s*(select|insert into|update|delete from|copy|create|truncate|analyze|set) "#,
        options: [.caseInsensitive])

    func testNoStatementTextOutsideTheStore() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        var offenders: [String] = []
        var filesRead = 0
        for module in ["ReconEngine", "recon"] {
            let folder = sources.appendingPathComponent(module)
            let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)!
            for case let file as URL in files where file.pathExtension == "swift" {
                filesRead += 1
                let text = try String(contentsOf: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = String(line)
                    let range = NSRange(line.startIndex..., in: line)
                    if Self.statementStart.firstMatch(in: line, range: range) != nil {
                        offenders.append("\(module)/\(file.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                    }
                }
            }
        }
        XCTAssertGreaterThan(filesRead, 50, "the sources were not found at \(sources.path)")
        XCTAssertEqual(offenders, [], "statements belong in ReconStore/Tables")
    }

    /// The pattern catches what it is meant to (else the test above proves nothing).
    func testThePatternFindsAnInlineStatement() {
        for line in [#"try connection.execute("delete from batches")"#, #"let q = "select id from batches""#] {
            XCTAssertNotNil(Self.statementStart.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)), line)
        }
    }
}
