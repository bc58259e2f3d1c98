import Foundation
import ReconCore
import XCTest

/// Every input that ever crashed a fuzz target (ops/fuzz/regressions/) is
/// replayed here on each CI run: each must give an answer — records, or an
/// error that says why — and never take the process down.
final class FuzzRegressionTests: XCTestCase {
    private func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let folder = root.appendingPathComponent("ops/fuzz/regressions/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }.sorted().map { name in
            (name, [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    func testCamtCrashInputsAreRefusedAsMalformed() throws {
        let crashes = try inputs("camt")
        XCTAssertFalse(crashes.isEmpty, "the camt regressions must be found")
        for crash in crashes {
            XCTAssertThrowsError(try CamtReader.parse(Data(crash.bytes), fileName: crash.name), crash.name) { error in
                XCTAssertEqual((error as? StatementError)?.kind, .malformed, "\(crash.name): \(error)")
            }
        }
    }

    func testOtherTargetsRegressionsReadToTheEnd() throws {
        for crash in try inputs("mt940") {
            _ = try? MT940Reader.parse(crash.bytes, fileName: crash.name)
        }
        for crash in try inputs("csv") {
            var reader = CSVReader(ByteArrayStream(crash.bytes))
            var rows = 0
            while try reader.next() != nil { rows += 1 }
            XCTAssertLessThanOrEqual(rows, crash.bytes.count + 1)
        }
        for crash in try inputs("json") {
            if let value = try? JSONParser().parse(crash.bytes) { _ = try? JCS.canonicalize(value) }
        }
    }
}
