import XCTest

@testable import ReconCore

/// SPEC §5.4 for what nothing matched: pending inside the window, a mismatch
/// after it. Run date 03-10, window 3: dates up to 03-06 are past the window.
final class ReconcileLeftoverTests: XCTestCase {
    func testPendingOrMismatch() {
        check([
            ReconcileCase(
                "settlement_date + W = D is still pending; one day earlier is missing",
                groups: ["acme PO-1 EUR 100.00 03-07", "acme PO-2 EUR 200.00 03-06"],
                lines: [],
                expected: ["MISSING_IN_BANK acme/PO-2", "pending acme/PO-1"]),
            ReconcileCase(
                "booking_date + W = D is still pending; one day earlier is unexpected",
                groups: [],
                lines: ["#1 03-07 EUR 5.00", "#2 03-06 EUR 6.00 ref=X-1"],
                expected: ["UNEXPECTED_BANK_LINE #2", "pending #1"]),
            ReconcileCase(
                "a group dated after the run date is pending",
                groups: ["acme PO-1 EUR 100.00 03-20"],
                lines: [],
                expected: ["pending acme/PO-1"]),
            ReconcileCase(
                "a line claimed once is claimed by one group only",
                groups: ["acme PO-1 EUR 100.00 03-05", "beta PO-2 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 100.00 | PO-1"],
                expected: ["match acme/PO-1 #1 description_token", "MISSING_IN_BANK beta/PO-2"]),
        ])
    }

    func testMissingRowColumnsAndCandidates() throws {
        let input = ReconcileNotation.input(
            groups: ["acme PO-1 EUR 100.00 03-01"],
            lines: ["#1 03-02 EUR 99.00 ref=P0-1", "#2 03-01 EUR 250.00", "#3 03-09 EUR 100.00", "#4 03-01 USD 100.00",
                    "#5 03-01 EUR 101.00"])
        let result = Reconciler.reconcile(input)
        let missing = try XCTUnwrap(result.mismatches.first { $0.kind == .missingInBank })
        XCTAssertEqual(missing.settlementRef, "PO-1")
        XCTAssertEqual(missing.merchantID, "acme")
        XCTAssertEqual(missing.currency, "EUR")
        XCTAssertEqual(missing.expectedAmount, 10000)
        XCTAssertNil(missing.bankAmount)
        XCTAssertEqual(missing.settlementDate, ReconcileNotation.date("03-01"))
        XCTAssertEqual(missing.transactionCount, 1)
        XCTAssertEqual(missing.firstSeen, ReconcileNotation.date("03-10"))
        // Nearest by |amount difference|, then by days apart; other
        // currencies never.
        let shown = missing.candidates.map { "\($0.bankTxnID ?? "") \($0.amountDifference) \($0.daysApart)" }
        XCTAssertEqual(shown, ["B3 0 8", "B5 100 0", "B1 -100 1"])
        XCTAssertEqual(missing.candidates.first?.side, "bank_line")
        XCTAssertEqual(missing.candidates.last?.reference, "P0-1")
        XCTAssertEqual(missing.candidates.map(\.bankLineID), [3, 5, 1])

        let unexpected = try XCTUnwrap(result.mismatches.first { $0.bankLineID == 2 })
        XCTAssertEqual(unexpected.kind, .unexpectedBankLine)
        XCTAssertEqual(unexpected.bankAmount, 25000)
        XCTAssertEqual(unexpected.bookingDate, ReconcileNotation.date("03-01"))
        XCTAssertEqual(unexpected.bankAccount, "DE01")
        XCTAssertEqual(unexpected.bankTxnID, "B2")
        XCTAssertNil(unexpected.settlementRef)
        // PO-1 is 150.00 off a 250.00 line: farther than 10 % of the
        // amount, so no candidate (a far one would mislead).
        XCTAssertEqual(unexpected.candidates, [])
    }

    func testAmountMismatchRowColumns() throws {
        let input = ReconcileNotation.input(
            groups: ["acme PO-1 EUR 100.00 03-05"],
            lines: ["#1 03-05 EUR 70.00 ref=PO-1", "#2 03-06 EUR 20.00 ref=PO-1"])
        let row = try XCTUnwrap(Reconciler.reconcile(input).mismatches.first)
        XCTAssertEqual(row.kind, .amountMismatch)
        XCTAssertEqual(row.expectedAmount, 10000)
        XCTAssertEqual(row.bankAmount, 9000)
        XCTAssertEqual(row.difference, -1000)
        XCTAssertEqual(row.bookingDate, ReconcileNotation.date("03-05"))
        XCTAssertEqual(row.bankTxnID, "B1 B2")
        XCTAssertNil(row.bankLineID)
        XCTAssertEqual(row.detail, "matched by reference; bank 90.00 EUR in 2 line(s), expected 100.00 EUR")
    }

    func testStatementGapsPassThroughAndCounts() {
        var input = ReconcileNotation.input(
            groups: ["acme PO-1 EUR 100.00 03-05", "acme PO-2 EUR 5.00 03-09", "acme PO-3 EUR 7.00 03-01"],
            lines: ["#1 03-05 EUR 100.00 ref=PO-1", "#2 03-05 EUR 100.00 ref=PO-1", "#3 03-09 EUR 1.00",
                    "#4 03-01 EUR 2.00"])
        input.statementGaps = [StatementGap(account: "DE02", detail: "sequence 7 follows 5")]
        let result = Reconciler.reconcile(input)
        XCTAssertEqual(
            ReconcileNotation.render(result),
            [
                "match acme/PO-1 #1 reference", "match acme/PO-1 #2 reference DUPLICATE_BANK_LINE",
                "MISSING_IN_BANK acme/PO-3", "UNEXPECTED_BANK_LINE #4", "DUPLICATE_BANK_LINE acme/PO-1 #2",
                "STATEMENT_GAP DE02", "pending acme/PO-2", "pending #3",
            ])
        var expected = ReconcileCounts()
        (expected.groupsMatched, expected.groupsPending, expected.groupsMismatched) = (1, 1, 1)
        (expected.bankLinesMatched, expected.bankLinesPending, expected.bankLinesMismatched) = (1, 1, 2)
        XCTAssertEqual(result.counts, expected)
        XCTAssertEqual(result.mismatches.last?.detail, "sequence 7 follows 5")
    }
}
