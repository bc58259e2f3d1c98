import Foundation
import ReconCore
import XCTest

/// The work sections of report.html: open exceptions by amount at stake with
/// age and owner, pending items with the date each becomes a mismatch, open
/// money on both sides, and a page that stays small at 100,000 mismatches.
final class ReportHTMLWorkTests: XCTestCase {
    private let runDate = CivilDate(iso: "2026-11-28")!

    private func summary(pending: [PendingItem] = []) -> RunSummary {
        var summary = ReportSamples.summary
        summary.pending = pending
        return summary
    }

    func testExceptionsAreRankedByAtStakeWithAgeAndOwner() throws {
        let small = Mismatch(
            kind: .amountMismatch, settlementRef: "PO-SMALL", merchantID: "m", currency: "EUR", expectedAmount: 1_000,
            bankAmount: 990, difference: -10, firstSeen: CivilDate(iso: "2026-11-20")!)
        let big = Mismatch(
            kind: .missingInBank, settlementRef: "PO-BIG", merchantID: "m", currency: "EUR", expectedAmount: 500_000,
            firstSeen: runDate)
        let marks = ExceptionMarks([
            small.identity: .init(id: ExceptionID(identity: small.identity), state: .acknowledged, owner: "<ana>")
        ])
        let html = HTMLReport.render(summary(), mismatches: [small, big], marks: marks)
        let section = try XCTUnwrap(html.range(of: "id=\"exceptions\"")).lowerBound
        let bigAt = try XCTUnwrap(html.range(of: "PO-BIG", range: section..<html.endIndex)).lowerBound
        let smallAt = try XCTUnwrap(html.range(of: "PO-SMALL", range: section..<html.endIndex)).lowerBound
        XCTAssertLessThan(bigAt, smallAt, "largest at stake first")
        XCTAssertTrue(html.contains("acknowledged · <strong>&lt;ana&gt;</strong>"), "owner shown, escaped")
        XCTAssertTrue(html.contains("<td class=\"num\">8</td></tr>"), "age in days since first seen")
        XCTAssertTrue(html.contains("1 without an owner"))
        XCTAssertTrue(html.contains("<code>\(ExceptionID(identity: small.identity))</code> acknowledged (&lt;ana&gt;)"))
    }

    func testPendingItemsNameTheDateTheyBecomeMismatchesAndTotalsCoverBothSides() {
        let eur = Currency(code: "EUR")!
        let pending = [
            PendingItem(side: .group, name: "PO-LATER", merchantID: "m", currency: eur, amount: 2_000, date: CivilDate(iso: "2026-11-27")!, windowDays: 3),
            PendingItem(side: .bankLine, name: "BK-SOON", currency: eur, amount: 700, date: CivilDate(iso: "2026-11-25")!, windowDays: 3),
        ]
        XCTAssertEqual(pending[0].becomesMismatchOn, CivilDate(iso: "2026-12-01"), "settlement + W < D from D = +W+1")
        let missing = Mismatch(kind: .missingInBank, settlementRef: "PO-M", merchantID: "m", currency: "EUR", expectedAmount: 10_000)
        let unexpected = Mismatch(kind: .unexpectedBankLine, currency: "EUR", bankAmount: 333, bankTxnID: "BK-U")
        let html = HTMLReport.render(summary(pending: pending), mismatches: [missing, unexpected])
        let soon = html.range(of: "<strong>2026-11-29</strong> (in 1 day)")
        let later = html.range(of: "<strong>2026-12-01</strong> (in 3 days)")
        XCTAssertNotNil(soon, html)
        XCTAssertNotNil(later)
        if let soon, let later { XCTAssertLessThan(soon.lowerBound, later.lowerBound, "soonest first") }
        // Expected not in the bank: 100.00 missing + 20.00 pending; in the bank: 3.33 + 7.00 pending.
        XCTAssertTrue(
            html.contains(
                "<tr><td><strong>EUR</strong></td><td class=\"num\">120.00</td><td class=\"num\">20.00</td>"
                    + "<td class=\"num\">10.33</td><td class=\"num\">7.00</td></tr>"), html)
    }

    /// 100,000 mismatches: every list stops at 100 rows and says where the
    /// rest are; the page stays small enough to open.
    func testOneHundredThousandMismatchesKeepThePageSmall() {
        let mismatches = (0..<100_000).map { index in
            Mismatch(
                kind: index % 2 == 0 ? .missingInBank : .unexpectedBankLine, settlementRef: "PO-\(index)",
                merchantID: "merchant", currency: "EUR", expectedAmount: Int64(index), bankAmount: Int64(index),
                firstSeen: runDate, detail: "no bank line names PO-\(index) within 3 days")
        }
        let html = HTMLReport.render(summary(), mismatches: mismatches)
        XCTAssertLessThan(html.utf8.count, 1_000_000, "\(html.utf8.count) bytes")
        XCTAssertTrue(html.contains("The first 100 of 100000 open exceptions are shown"))
        XCTAssertTrue(html.contains("The first 100 of 50000 missing in bank rows are shown"))
        XCTAssertTrue(html.contains("100000 mismatches"), "the headline still counts all of them")
        XCTAssertTrue(html.contains("PO-99999"), "the largest at stake is ranked first")
        if let path = ProcessInfo.processInfo.environment["RECON_KEEP_LARGE_REPORT"] {
            try? Data(html.utf8).write(to: URL(fileURLWithPath: path))
        }
    }
}
