import XCTest

@testable import ReconCore

/// SPEC §5.6: one bank line paying several groups (rule `many_to_one`).
/// Run date 03-10, window 3.
final class ReconcileManyToOneTests: XCTestCase {
    func testOneLinePaysSeveralGroups() {
        check([
            ReconcileCase(
                "refs in the reference field, separated by ';', sum to the line",
                groups: ["acme PO-1 EUR 60.00 03-09", "beta PO-2 EUR 40.00 03-09", "acme PO-3 EUR 5.00 03-09"],
                lines: ["#1 03-09 EUR 100.00 ref=PO-2;PO-1"],
                expected: ["match acme/PO-1 #1 many_to_one", "match beta/PO-2 #1 many_to_one", "pending acme/PO-3"]),
            ReconcileCase(
                "three refs in the description",
                groups: ["acme PO-1 EUR 60.00 03-09", "acme PO-2 EUR 40.00 03-09", "acme PO-3 EUR 5.00 03-09"],
                lines: ["#1 03-09 EUR 105.00 | Payouts PO-3, PO-1 and PO-2."],
                expected: [
                    "match acme/PO-1 #1 many_to_one", "match acme/PO-2 #1 many_to_one", "match acme/PO-3 #1 many_to_one",
                ]),
            ReconcileCase(
                "the sum differs: one AMOUNT_MISMATCH row for the line, the groups claimed and mismatched",
                groups: ["acme PO-1 EUR 60.00 03-09", "acme PO-2 EUR 40.00 03-09"],
                lines: ["#1 03-09 EUR 95.00 ref=PO-1,PO-2"],
                expected: [
                    "match acme/PO-1 #1 many_to_one AMOUNT_MISMATCH", "match acme/PO-2 #1 many_to_one AMOUNT_MISMATCH",
                    "AMOUNT_MISMATCH acme/PO-1;PO-2 #1 diff=-5.00",
                ]),
            ReconcileCase(
                "only the groups of the line's currency count: one left is a plain reference match",
                groups: ["acme PO-1 EUR 60.00 03-09", "acme PO-2 USD 40.00 03-09"],
                lines: ["#1 03-09 EUR 60.00 ref=PO-1;PO-2"],
                expected: ["match acme/PO-1 #1 reference", "pending acme/PO-2"]),
            ReconcileCase(
                "one ref shared by two merchants is not two refs: the amount decides, as before",
                groups: ["acme PO-1 EUR 60.00 03-09", "beta PO-1 EUR 40.00 03-09"],
                lines: ["#1 03-09 EUR 40.00 | PO-1"],
                expected: ["match beta/PO-1 #1 description_token", "pending acme/PO-1"]),
            ReconcileCase(
                "a right sum booked outside the window of one group is DATE_OUT_OF_WINDOW, no difference",
                groups: ["acme PO-1 EUR 60.00 03-01", "acme PO-2 EUR 40.00 03-08"],
                lines: ["#1 03-09 EUR 100.00 ref=PO-1;PO-2"],
                expected: [
                    "match acme/PO-1 #1 many_to_one DATE_OUT_OF_WINDOW",
                    "match acme/PO-2 #1 many_to_one DATE_OUT_OF_WINDOW", "DATE_OUT_OF_WINDOW acme/PO-1;PO-2 #1",
                ]),
        ])
    }

    /// Exclusive like every rule: a group named by another line too is not
    /// taken by the many-to-one line, whichever comes first.
    func testSplitPayoutsAndAmbiguityInTheSameNight() {
        let night = ReconcileCase(
            "split, many-to-one and ambiguity side by side",
            groups: [
                "acme PO-1 EUR 100.00 03-09", "acme PO-2 EUR 40.00 03-09", "acme PO-3 EUR 60.00 03-09",
                "acme PO-4 EUR 50.00 03-09", "acme PO-5 EUR 30.00 03-09",
            ],
            lines: [
                "#1 03-09 EUR 100.00 | PO-2 + PO-3", "#2 03-09 EUR 60.00 ref=PO-1", "#3 03-09 EUR 40.00 | rest of PO-1",
                "#4 03-09 EUR 80.00 | PO-4 and PO-5", "#5 03-09 EUR 50.00 ref=PO-4",
            ],
            expected: [
                "match acme/PO-1 #2,#3 split", "match acme/PO-2 #1 many_to_one", "match acme/PO-3 #1 many_to_one",
                "match acme/PO-4 #5 reference", "AMBIGUOUS_MATCH #4 fits=acme/PO-4,acme/PO-5", "pending acme/PO-5",
            ])
        check([night])
        // Every order of the five lines (and of the groups) decides alike.
        let input = ReconcileNotation.input(groups: night.groups, lines: night.lines)
        let expected = Reconciler.reconcile(input)
        for order in Self.permutations(Array(input.bankLines.indices)) {
            var permuted = input
            permuted.bankLines = order.map { input.bankLines[$0] }
            permuted.groups.reverse()
            XCTAssertEqual(Reconciler.reconcile(permuted), expected, "order \(order)")
        }
    }

    func testRowColumns() throws {
        var input = ReconcileNotation.input(
            groups: ["beta PO-2 EUR 40.00 03-08", "acme PO-1 EUR 60.00 03-09"],
            lines: ["#7 03-09 EUR 90.00 ref=PO-2;PO-1"])
        input.groups[0].transactionCount = 3
        input.groups[1].transactionCount = 2
        let result = Reconciler.reconcile(input)
        let row = try XCTUnwrap(result.mismatches.first)
        XCTAssertEqual(result.mismatches.count, 1)
        XCTAssertEqual(row.kind, .amountMismatch)
        XCTAssertEqual(row.settlementRef, "PO-1;PO-2", "refs ascending, joined by ;")
        XCTAssertEqual(row.merchantID, "acme;beta")
        XCTAssertEqual(row.expectedAmount, 10000, "the sum of the nets")
        XCTAssertEqual(row.bankAmount, 9000)
        XCTAssertEqual(row.difference, -1000)
        XCTAssertEqual(row.transactionCount, 5, "the total")
        XCTAssertEqual(row.settlementDate, ReconcileNotation.date("03-09"))
        XCTAssertEqual(row.bankLineID, 7)
        XCTAssertEqual(result.counts.groupsMismatched, 2)
        XCTAssertEqual(result.counts.bankLinesMismatched, 1, "the line counted once")
        XCTAssertEqual(result.mismatchedGroupKeys.map(\.settlementRef), ["PO-1", "PO-2"])
    }

    static func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }
}
