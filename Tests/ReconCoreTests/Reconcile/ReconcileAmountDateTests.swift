import XCTest

@testable import ReconCore

/// SPEC §5.3: lines without a usable reference. Run date 03-10, window 3.
final class ReconcileAmountDateTests: XCTestCase {
    func testAmountAndDate() {
        check([
            ReconcileCase(
                "exactly one open group of that amount and currency in the window",
                groups: ["acme PO-1 EUR 100.00 03-05", "acme PO-2 EUR 200.00 03-05"],
                lines: ["#1 03-06 EUR 100.00 | SEPA credit"],
                expected: ["match acme/PO-1 #1 amount_date", "MISSING_IN_BANK acme/PO-2"]),
            ReconcileCase(
                "W days before and after are inside, W+1 are not",
                groups: ["acme PO-1 EUR 1.00 03-05", "acme PO-2 EUR 2.00 03-05", "acme PO-3 EUR 3.00 03-05",
                         "acme PO-4 EUR 4.00 03-05"],
                lines: ["#1 03-02 EUR 1.00", "#2 03-08 EUR 2.00", "#3 03-01 EUR 3.00", "#4 03-09 EUR 4.00"],
                expected: [
                    "match acme/PO-1 #1 amount_date", "match acme/PO-2 #2 amount_date",
                    "MISSING_IN_BANK acme/PO-3", "MISSING_IN_BANK acme/PO-4", "UNEXPECTED_BANK_LINE #3", "pending #4",
                ]),
            ReconcileCase(
                "two groups fit: one AMBIGUOUS_MATCH row, nearest first",
                groups: ["acme PO-1 EUR 100.00 03-04", "beta PO-9 EUR 100.00 03-06"],
                lines: ["#1 03-06 EUR 100.00"],
                expected: [
                    "MISSING_IN_BANK acme/PO-1", "MISSING_IN_BANK beta/PO-9",
                    "AMBIGUOUS_MATCH #1 fits=beta/PO-9,acme/PO-1",
                ]),
            ReconcileCase(
                "the currency must fit too",
                groups: ["acme PO-1 EUR 100.00 03-08"],
                lines: ["#1 03-08 USD 100.00"],
                expected: ["pending acme/PO-1", "pending #1"]),
            ReconcileCase(
                "a reference to no open group is no usable reference",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 100.00 ref=OLD-7 | paid OLD-7"],
                expected: ["match acme/PO-1 #1 amount_date"]),
            ReconcileCase(
                "reference matches go first: a group named by one line is not offered to another",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#2 03-05 EUR 100.00 ref=PO-1", "#1 03-05 EUR 100.00"],
                expected: ["match acme/PO-1 #2 reference", "UNEXPECTED_BANK_LINE #1"]),
            ReconcileCase(
                "two lines, one group: the earliest booking takes it, the other stays open",
                groups: ["acme PO-1 EUR 100.00 03-08"],
                lines: ["#1 03-09 EUR 100.00", "#2 03-08 EUR 100.00"],
                expected: ["match acme/PO-1 #2 amount_date", "pending #1"]),
            ReconcileCase(
                "candidates are counted before any line takes one: the second line stays ambiguous",
                groups: ["acme PO-1 EUR 100.00 03-08", "acme PO-2 EUR 100.00 03-10"],
                lines: ["#1 03-06 EUR 100.00", "#2 03-09 EUR 100.00"],
                expected: ["match acme/PO-1 #1 amount_date", "AMBIGUOUS_MATCH #2 fits=acme/PO-1,acme/PO-2", "pending acme/PO-2"]),
        ])
    }
}
