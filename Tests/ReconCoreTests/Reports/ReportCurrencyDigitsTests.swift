import Foundation
import XCTest

@testable import ReconCore

/// Amounts use each row's currency digits everywhere, including the Int64
/// extremes, and never become JSON numbers.
final class ReportCurrencyDigitsTests: XCTestCase {
    private func mismatch(_ currency: String, _ amount: Int64) -> Mismatch {
        Mismatch(kind: .unexpectedBankLine, currency: currency, bankAmount: amount, detail: "")
    }

    private func bankAmountCell(_ mismatch: Mismatch) -> String {
        String(MismatchReport.csv([mismatch]).split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)[5])
    }

    func testDigitsPerCurrency() {
        XCTAssertEqual(bankAmountCell(mismatch("JPY", 1_250)), "1250")
        XCTAssertEqual(bankAmountCell(mismatch("JPY", -7)), "-7")
        XCTAssertEqual(bankAmountCell(mismatch("BHD", 1_250)), "1.250")
        XCTAssertEqual(bankAmountCell(mismatch("BHD", -5)), "-0.005")
        XCTAssertEqual(bankAmountCell(mismatch("EUR", 1_250)), "12.50")
        XCTAssertEqual(bankAmountCell(mismatch("EUR", -1)), "-0.01")
        XCTAssertEqual(bankAmountCell(mismatch("EUR", 0)), "0.00")
    }

    func testInt64Extremes() {
        XCTAssertEqual(bankAmountCell(mismatch("EUR", .max)), "92233720368547758.07")
        XCTAssertEqual(bankAmountCell(mismatch("EUR", .min)), "-92233720368547758.08")
        XCTAssertEqual(bankAmountCell(mismatch("JPY", .min)), "-9223372036854775808")
        XCTAssertEqual(bankAmountCell(mismatch("BHD", .max)), "9223372036854775.807")
        let json = MismatchReport.json([mismatch("EUR", .min)])
        XCTAssertTrue(json.contains("\"bank_amount\": \"-92233720368547758.08\""), json)
    }

    func testExtremesInSummaryExportAndChart() {
        let eur = Currency(code: "EUR")!
        var summary = ReportSamples.cleanSummary
        summary.totals = [CurrencyTotals(currency: eur, settledNet: .min, matchedAmount: .max, openAmount: .min)]
        summary.daily = [
            DailyAmounts(date: ReportSamples.runDate, currency: eur, matched: .max, open: .min),
            DailyAmounts(date: ReportSamples.runDate.adding(days: 1)!, currency: eur, matched: 1, open: 0),
        ]
        let json = SummaryReport.json(summary, mismatches: [])
        XCTAssertTrue(json.contains("\"settled_net\": \"-92233720368547758.08\""), json)
        let html = HTMLReport.render(summary, mismatches: [])
        let text = html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        XCTAssertTrue(text.contains("92233720368547758.07"), "chart label")
        XCTAssertTrue(text.contains("-92233720368547758.08"), "chart label")
        // Full-scale bars never exceed the track, and a tiny amount stays visible.
        XCTAssertEqual(HTMLBarChart.scaled(UInt64(Int64.max), max: UInt64.max), HTMLBarChart.barWidthMax / 2 - 1)
        XCTAssertEqual(HTMLBarChart.scaled(1, max: UInt64.max), 1)
        XCTAssertEqual(HTMLBarChart.scaled(0, max: 0), 0)
        var group = SettlementGroup(
            key: .init(merchantID: "m", settlementRef: "r", currency: "BHD"), currency: Currency(code: "BHD")!,
            net: .min, settlementDate: ReportSamples.runDate, transactionCount: 1)
        group.adjustments = .min
        let csv = SettlementExport.csv([SettlementExportRow(group: group, status: .pending)])
        XCTAssertTrue(csv.contains(",-9223372036854775.808,-9223372036854775.808,1,pending,"), csv)
    }

    func testHTMLDigitGroupingKeepsTheExactDecimalText() {
        XCTAssertEqual(HTMLText.amount("12.50"), "12.50")
        XCTAssertEqual(HTMLText.amount("-1234567.89"), "-1<span class=\"g\">234</span><span class=\"g\">567</span>.89")
        XCTAssertEqual(HTMLText.amount("123456"), "123<span class=\"g\">456</span>")
        XCTAssertEqual(HTMLText.amount("-0.005"), "-0.005")
        let stripped = HTMLText.amount("-92233720368547758.08").replacingOccurrences(
            of: "<[^>]+>", with: "", options: .regularExpression)
        XCTAssertEqual(stripped, "-92233720368547758.08")
    }
}
