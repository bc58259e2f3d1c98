import XCTest

@testable import ReconCore

/// SPEC §5.2 and the kinds of §5.4 that come from lines matched by reference.
/// Run date 03-10, window 3.
final class ReconcileSettlementTests: XCTestCase {
    func testSplitsAndDuplicates() {
        check([
            ReconcileCase(
                "two lines summing to the net are a split payout",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 60.00 ref=PO-1", "#2 03-06 EUR 40.00 | rest of PO-1"],
                expected: ["match acme/PO-1 #1,#2 split"]),
            ReconcileCase(
                "a split may include a negative line",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 120.00 ref=PO-1", "#2 03-05 EUR -20.00 ref=PO-1"],
                expected: ["match acme/PO-1 #1,#2 split"]),
            ReconcileCase(
                "each line equal to the net: the earliest booking settles, the others are duplicates",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#1 03-06 EUR 100.00 ref=PO-1", "#2 03-05 EUR 100.00 ref=PO-1", "#3 03-07 EUR 100.00 ref=PO-1"],
                expected: [
                    "match acme/PO-1 #1 reference DUPLICATE_BANK_LINE", "match acme/PO-1 #2 reference",
                    "match acme/PO-1 #3 reference DUPLICATE_BANK_LINE",
                    "DUPLICATE_BANK_LINE acme/PO-1 #1", "DUPLICATE_BANK_LINE acme/PO-1 #3",
                ]),
            ReconcileCase(
                "duplicates booked the same day: the lower id settles",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#8 03-05 EUR 100.00 ref=PO-1", "#7 03-05 EUR 100.00 | PO-1"],
                expected: [
                    "match acme/PO-1 #7 description_token", "match acme/PO-1 #8 reference DUPLICATE_BANK_LINE",
                    "DUPLICATE_BANK_LINE acme/PO-1 #8",
                ]),
            ReconcileCase(
                "lines that neither sum to nor each equal the net are one amount mismatch",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 100.00 ref=PO-1", "#2 03-05 EUR 50.00 ref=PO-1"],
                expected: ["match acme/PO-1 #1,#2 split AMOUNT_MISMATCH", "AMOUNT_MISMATCH acme/PO-1 diff=50.00"]),
        ])
    }

    func testMismatchKindsOfMatchedGroups() {
        check([
            ReconcileCase(
                "amount differs: difference is bank minus expected",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 99.50 ref=PO-1"],
                expected: ["match acme/PO-1 #1 reference AMOUNT_MISMATCH", "AMOUNT_MISMATCH acme/PO-1 #1 diff=-0.50"]),
            ReconcileCase(
                "the only named group is in another currency",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#1 03-05 USD 100.00 ref=PO-1"],
                expected: ["match acme/PO-1 #1 reference CURRENCY_MISMATCH", "CURRENCY_MISMATCH acme/PO-1 #1"]),
            ReconcileCase(
                "a stray foreign line beside a correct one is its own currency mismatch",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 100.00 ref=PO-1", "#2 03-05 USD 100.00 ref=PO-1"],
                expected: [
                    "match acme/PO-1 #1 reference", "match acme/PO-1 #2 reference CURRENCY_MISMATCH",
                    "CURRENCY_MISMATCH acme/PO-1 #2",
                ]),
            ReconcileCase(
                "booked exactly W days from the settlement date is inside the window",
                groups: ["acme PO-1 EUR 100.00 03-05", "acme PO-2 EUR 100.00 03-05"],
                lines: ["#1 03-02 EUR 100.00 ref=PO-1", "#2 03-08 EUR 100.00 ref=PO-2"],
                expected: ["match acme/PO-1 #1 reference", "match acme/PO-2 #2 reference"]),
            ReconcileCase(
                "booked W+1 days away, before or after, is out of window",
                groups: ["acme PO-1 EUR 100.00 03-05", "acme PO-2 EUR 100.00 03-05"],
                lines: ["#1 03-01 EUR 100.00 ref=PO-1", "#2 03-09 EUR 100.00 ref=PO-2"],
                expected: [
                    "match acme/PO-1 #1 reference DATE_OUT_OF_WINDOW", "match acme/PO-2 #2 reference DATE_OUT_OF_WINDOW",
                    "DATE_OUT_OF_WINDOW acme/PO-1 #1", "DATE_OUT_OF_WINDOW acme/PO-2 #2",
                ]),
            ReconcileCase(
                "a wrong amount is reported before a wrong date",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#1 02-01 EUR 90.00 ref=PO-1"],
                expected: ["match acme/PO-1 #1 reference AMOUNT_MISMATCH", "AMOUNT_MISMATCH acme/PO-1 #1 diff=-10.00"]),
            ReconcileCase(
                "window 0: only the settlement date itself",
                groups: ["acme PO-1 EUR 100.00 03-05", "acme PO-2 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 100.00 ref=PO-1", "#2 03-06 EUR 100.00 ref=PO-2"],
                windowDays: 0,
                expected: [
                    "match acme/PO-1 #1 reference", "match acme/PO-2 #2 reference DATE_OUT_OF_WINDOW",
                    "DATE_OUT_OF_WINDOW acme/PO-2 #2",
                ]),
            ReconcileCase(
                "zero-digit currency",
                groups: ["acme PO-1 JPY 1000 03-05"],
                lines: ["#1 03-05 JPY 999 ref=PO-1"],
                expected: ["match acme/PO-1 #1 reference AMOUNT_MISMATCH", "AMOUNT_MISMATCH acme/PO-1 #1 diff=-1"]),
        ])
    }
}
