import Foundation
import XCTest

@testable import ReconCore

final class ReportHTMLTests: XCTestCase {
    private var sampleHTML: String { HTMLReport.render(ReportSamples.summary, mismatches: ReportSamples.mismatches) }

    func testSampleMatchesGolden() {
        GoldenFile.assertMatches(sampleHTML, golden: "report.html")
    }

    func testCleanRunMatchesGolden() {
        GoldenFile.assertMatches(HTMLReport.render(ReportSamples.cleanSummary, mismatches: []), golden: "report-clean.html")
    }

    /// The page must render with no network: nothing that could fetch.
    func testPageIsSelfContained() {
        for html in [sampleHTML, HTMLReport.render(ReportSamples.cleanSummary, mismatches: [])] {
            let lowered = html.lowercased()
            for forbidden in ["http://", "https://", "src=", "@import", "url(", "<link", "<img", "<iframe", "//cdn"] {
                XCTAssertFalse(lowered.contains(forbidden), "page contains \(forbidden)")
            }
            XCTAssertEqual(lowered.components(separatedBy: "<script").count - 1, 1, "one inline script only")
        }
    }

    func testHeadlineSaysAllClearOrWhatNeedsAttention() {
        let clean = HTMLReport.render(ReportSamples.cleanSummary, mismatches: [])
        XCTAssertTrue(clean.contains("class=\"status ok\""))
        XCTAssertTrue(clean.contains("All clear"))
        XCTAssertTrue(sampleHTML.contains("class=\"status alert\""))
        let text = sampleHTML.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        XCTAssertTrue(text.contains("Needs attention: 6 mismatches · 3 rejected records · 1 failed batch"))
        for anchor in ["mismatches", "rejected", "counts"] {
            XCTAssertTrue(sampleHTML.contains("<a href=\"#\(anchor)\">"), anchor)
            XCTAssertTrue(sampleHTML.contains("id=\"\(anchor)\""), anchor)
        }
    }

    func testInputTextIsEscapedEverywhere() {
        let hostile = "<script>alert('x')</script>&\"quoted\""
        let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;quoted&quot;"
        let mismatch = Mismatch(
            kind: .ambiguousMatch, settlementRef: hostile, merchantID: hostile, currency: "EUR", bankAmount: 100,
            bankAccount: hostile, bankTxnID: hostile, detail: hostile,
            candidates: [.init(side: hostile, settlementRef: hostile, amount: 100, currency: "EUR",
                amountDifference: 0, daysApart: 1)])
        var summary = ReportSamples.summary
        summary.jobName = hostile
        summary.newSincePrevious = [MismatchReference(mismatch)]
        summary.manifest.transactionFiles = [.init(name: hostile, sha256: hostile)]
        let html = HTMLReport.render(summary, mismatches: [mismatch])
        XCTAssertEqual(html.components(separatedBy: "<script").count - 1, 1, "only our own script element")
        XCTAssertFalse(html.contains("alert('x')"))
        // job name (title + header), 5 columns + candidate side/name, new list (4 fields), manifest (2).
        XCTAssertGreaterThanOrEqual(html.components(separatedBy: escaped).count - 1, 14)
    }

    func testMismatchesAreGroupedByKindInSpecOrderWithAmountsRightAligned() throws {
        let html = sampleHTML
        var previous = html.startIndex
        for kind in ["MISSING_IN_BANK", "UNEXPECTED_BANK_LINE", "AMOUNT_MISMATCH", "DUPLICATE_BANK_LINE", "STATEMENT_GAP"] {
            let range = try XCTUnwrap(html.range(of: "<code>\(kind)</code></h3>"), kind)
            XCTAssertTrue(range.lowerBound > previous, "\(kind) out of order")
            previous = range.lowerBound
        }
        XCTAssertTrue(html.contains("<td class=\"num diff\">-5.00</td>"))
        XCTAssertTrue(html.contains("<td class=\"num\">1<span class=\"g\">249</span><span class=\"g\">670</span></td>"))
        XCTAssertTrue(html.contains("<td class=\"num\">12.345</td>"), "BHD three digits")
    }

    func testChartHasOneFigurePerCurrencyAndABarPerDay() {
        let html = sampleHTML
        XCTAssertEqual(html.components(separatedBy: "<svg class=\"chart\"").count - 1, 3)
        XCTAssertEqual(html.components(separatedBy: "class=\"track\"").count - 1, 21)
    }

    func testEmptyReportSaysSoPlainly() {
        let html = HTMLReport.render(ReportSamples.cleanSummary, mismatches: [])
        XCTAssertTrue(html.contains("No mismatches."))
        XCTAssertTrue(html.contains("No records rejected."))
    }
}
