import Foundation
import XCTest

@testable import ReconCore

final class ReportRunReportsTests: XCTestCase {
    private var files: [RunReports.File] {
        RunReports.render(
            summary: ReportSamples.summary, mismatches: ReportSamples.mismatches, rejected: ReportSamples.rejected)
    }

    func testRendersTheFiveSpecFilesWithSummaryAndPageLast() {
        XCTAssertEqual(
            files.map(\.name), ["mismatches.csv", "mismatches.json", "rejected.csv", "summary.json", "report.html"])
    }

    func testEachFileEqualsItsGolden() {
        for file in files { GoldenFile.assertMatches(file.contents, golden: file.name) }
    }

    func testEveryJSONFileParsesAndHoldsMoneyOnlyAsStrings() throws {
        let documents = files.filter { $0.name.hasSuffix(".json") }.map(\.contents)
            + [SettlementExport.json(ReportSamples.settlementRows)]
        let moneyKeys: Set<String> = [
            "expected_amount", "bank_amount", "difference", "amount", "amount_difference", "settled_net",
            "matched_amount", "open_amount", "payments", "refunds", "chargebacks", "fees",
            "adjustments", "net",
        ]
        for document in documents {
            let parsed = try JSONSerialization.jsonObject(with: Data(document.utf8))
            var checked = 0
            func visit(_ value: Any) {
                if let object = value as? [String: Any] {
                    for (key, member) in object {
                        if moneyKeys.contains(key), !(member is NSNull), !(member is [String: Any]) {
                            XCTAssertTrue(member is String, "\(key) is \(type(of: member))")
                            checked += 1
                        }
                        visit(member)
                    }
                } else if let array = value as? [Any] {
                    array.forEach(visit)
                }
            }
            visit(parsed)
            XCTAssertGreaterThan(checked, 0)
        }
    }

    func testFilesEndWithANewline() {
        for file in files { XCTAssertEqual(file.contents.last, "\n", file.name) }
    }

    /// The engine only builds rows from validated currencies; if that breaks,
    /// the report must not scale an amount by a guessed digit count.
    func testUnknownCurrencyPrintsRawMinorUnitsWithTheCode() {
        let mismatch = Mismatch(kind: .unexpectedBankLine, currency: "XXX", bankAmount: 1_250, detail: "")
        XCTAssertTrue(MismatchReport.csv([mismatch]).contains(",1250 minor units of XXX,"))
    }

    func testHeadlineUsesSingularForOne() {
        var summary = ReportSamples.cleanSummary
        summary.counts.batches.failed = 1
        summary.counts.records.rejectedByReason = [.conflict: 1]
        let mismatch = Mismatch(kind: .statementGap, bankAccount: "A", detail: "gap")
        let html = HTMLReport.render(summary, mismatches: [mismatch])
        let text = html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        XCTAssertTrue(text.contains("Needs attention: 1 mismatch · 1 rejected record · 1 failed batch"))
    }
}
