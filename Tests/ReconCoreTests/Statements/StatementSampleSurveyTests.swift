import Foundation
import XCTest

@testable import ReconCore

/// Every statement file in the shared samples either parses (and its balances
/// are checked) or is rejected with a StatementError that says why. Never a
/// crash. The tally is printed so a reviewer sees what is accepted.
final class StatementSampleSurveyTests: XCTestCase {
    func testEveryMT940SampleParsesOrIsRejectedWithAReason() throws {
        try survey(folder: "mt940", format: .mt940) { name in
            !(name.hasSuffix(".yml") || name.hasSuffix(".json") || name.hasSuffix(".md")
                || name.contains("LICENSE"))
        }
    }

    func testEveryCamtSampleParsesOrIsRejectedWithAReason() throws {
        try survey(folder: "camt053", format: .camt053) { $0.hasSuffix(".xml") }
    }

    private func survey(
        folder: String, format: StatementFormat, include: (String) -> Bool
    ) throws {
        let files = StatementTestData.files(in: folder).filter { include($0.relative) }
        try XCTSkipIf(files.isEmpty, "shared/testdata/\(folder) not found; set RECON_TESTDATA")
        var parsed = 0, balanced = 0, unchecked = 0, mismatched = 0, rejected = 0, lines = 0
        var report: [String] = []
        for file in files {
            let bytes = try StatementTestData.bytes(file.url)
            do {
                let statements = try StatementReader.parse(bytes, fileName: file.relative, format: format)
                parsed += 1
                var outcomes: [String] = []
                for statement in statements {
                    lines += statement.lines.count
                    switch BalanceCheck.check(statement) {
                    case .balanced: balanced += 1; outcomes.append("ok")
                    case .notApplicable: unchecked += 1; outcomes.append("no-balances")
                    case .mismatch(let mismatch):
                        mismatched += 1
                        outcomes.append(
                            "MISMATCH(" + BalanceCheck.error(for: mismatch, statement: statement, fileName: file.relative).description + ")")
                    }
                }
                report.append("  parsed   \(file.relative): \(statements.count) statement(s), \(statements.map(\.lines.count).reduce(0, +)) line(s) [\(outcomes.joined(separator: ", "))]")
            } catch {
                rejected += 1
                XCTAssertFalse(error.message.isEmpty)
                XCTAssertTrue(error.description.hasPrefix(file.relative), error.description)
                report.append("  rejected \(error.description)")
            }
        }
        print("\(folder) survey: \(files.count) files, \(parsed) parsed, \(rejected) rejected; statements balanced \(balanced), without balances \(unchecked), mismatched \(mismatched); \(lines) lines")
        print(report.joined(separator: "\n"))
    }
}
