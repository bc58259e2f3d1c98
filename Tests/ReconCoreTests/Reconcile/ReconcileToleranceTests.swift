import XCTest

@testable import ReconCore

/// SPEC §5.7: a reference match within the currency's tolerance is matched
/// (rule `reference_tolerance`); amount/date matching stays exact.
final class ReconcileToleranceTests: XCTestCase {
    func testBoundaries() {
        let euro = ["EUR": Int64(5)]  // 0.05
        check([
            ReconcileCase(
                "exactly at the tolerance, above the net", groups: ["acme PO-1 EUR 100.00 03-09"],
                lines: ["#1 03-09 EUR 100.05 ref=PO-1"], tolerance: euro,
                expected: ["match acme/PO-1 #1 reference_tolerance"]),
            ReconcileCase(
                "exactly at the tolerance, below the net", groups: ["acme PO-1 EUR 100.00 03-09"],
                lines: ["#1 03-09 EUR 99.95 ref=PO-1"], tolerance: euro,
                expected: ["match acme/PO-1 #1 reference_tolerance"]),
            ReconcileCase(
                "one minor unit over", groups: ["acme PO-1 EUR 100.00 03-09"],
                lines: ["#1 03-09 EUR 100.06 ref=PO-1"], tolerance: euro,
                expected: ["match acme/PO-1 #1 reference AMOUNT_MISMATCH", "AMOUNT_MISMATCH acme/PO-1 #1 diff=0.06"]),
            ReconcileCase(
                "another currency has none", groups: ["acme PO-1 USD 100.00 03-09"],
                lines: ["#1 03-09 USD 100.01 ref=PO-1"], tolerance: euro,
                expected: ["match acme/PO-1 #1 reference AMOUNT_MISMATCH", "AMOUNT_MISMATCH acme/PO-1 #1 diff=0.01"]),
            ReconcileCase(
                "a split within the tolerance", groups: ["acme PO-1 EUR 100.00 03-09"],
                lines: ["#1 03-09 EUR 60.00 ref=PO-1", "#2 03-09 EUR 39.97 | PO-1"], tolerance: euro,
                expected: ["match acme/PO-1 #1,#2 reference_tolerance"]),
            ReconcileCase(
                "many-to-one within the tolerance",
                groups: ["acme PO-1 EUR 60.00 03-09", "acme PO-2 EUR 40.00 03-09"],
                lines: ["#1 03-09 EUR 99.95 ref=PO-1;PO-2"], tolerance: euro,
                expected: ["match acme/PO-1 #1 reference_tolerance", "match acme/PO-2 #1 reference_tolerance"]),
            ReconcileCase(
                "many-to-one one minor unit over",
                groups: ["acme PO-1 EUR 60.00 03-09", "acme PO-2 EUR 40.00 03-09"],
                lines: ["#1 03-09 EUR 99.94 ref=PO-1;PO-2"], tolerance: euro,
                expected: [
                    "match acme/PO-1 #1 many_to_one AMOUNT_MISMATCH", "match acme/PO-2 #1 many_to_one AMOUNT_MISMATCH",
                    "AMOUNT_MISMATCH acme/PO-1;PO-2 #1 diff=-0.06",
                ]),
            ReconcileCase(
                "two payments of the net are a duplicate, not a tolerated overpayment",
                groups: ["acme PO-1 EUR 0.03 03-09"],
                lines: ["#1 03-09 EUR 0.03 ref=PO-1", "#2 03-09 EUR 0.03 ref=PO-1"], tolerance: euro,
                expected: [
                    "match acme/PO-1 #1 reference", "match acme/PO-1 #2 reference DUPLICATE_BANK_LINE",
                    "DUPLICATE_BANK_LINE acme/PO-1 #2",
                ]),
            ReconcileCase(
                "amount and date stay exact", groups: ["acme PO-1 EUR 100.00 03-09"],
                lines: ["#1 03-09 EUR 100.01"], tolerance: euro,
                expected: ["pending acme/PO-1", "pending #1"]),
            ReconcileCase(
                "a currency of no minor digits", groups: ["acme PO-1 JPY 10000 03-09"],
                lines: ["#1 03-09 JPY 10005 ref=PO-1", "#2 03-09 JPY 9994 ref=PO-1"], tolerance: ["JPY": 5],
                expected: ["match acme/PO-1 #1,#2 split AMOUNT_MISMATCH", "AMOUNT_MISMATCH acme/PO-1 diff=9999"]),
        ])
    }

    func testToleratedDifferencesAreTotalledPerCurrency() {
        var input = ReconcileNotation.input(
            groups: [
                "acme PO-1 EUR 100.00 03-09", "acme PO-2 EUR 50.00 03-09", "acme PO-3 EUR 10.00 03-09",
                "acme PO-4 JPY 1000 03-09",
            ],
            lines: [
                "#1 03-09 EUR 100.04 ref=PO-1", "#2 03-09 EUR 49.99 ref=PO-2", "#3 03-09 EUR 10.00 ref=PO-3",
                "#4 03-09 JPY 998 ref=PO-4",
            ])
        input.amountTolerance = ["EUR": 5, "JPY": 2]
        let result = Reconciler.reconcile(input)
        XCTAssertEqual(result.toleratedDifferenceByCurrency, ["EUR": 3, "JPY": -2], "signed, bank − expected")
        XCTAssertEqual(result.counts.groupsMatched, 4)
        XCTAssertEqual(result.mismatches, [])
    }
}
