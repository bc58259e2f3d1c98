import XCTest

@testable import ReconCore

/// SPEC §5.1: how a line names a group, and which group it goes to when it
/// names several. Run date 03-10, window 3 unless a case says otherwise.
final class ReconcileReferenceTests: XCTestCase {
    func testTokens() {
        let table: [(text: String, tokens: [String])] = [
            ("Payout PO-1, thanks", ["payout", "po-1", "thanks"]),
            ("ref:PO-1;INV/7", ["ref", "po-1", "inv/7"]),
            ("paid PO-1.", ["paid", "po-1"]),
            ("..x..", ["x"]),
            ("A_B-C/D.E", ["a_b-c/d.e"]),
            ("(PO-12)#9", ["po-12", "9"]),
            ("  \t ", []),
            ("Zahlung ÄBC-1", ["zahlung", "äbc-1"]),
        ]
        for row in table { XCTAssertEqual(ReferenceText.tokens(of: row.text), row.tokens, row.text) }
        XCTAssertEqual(ReferenceText.normalized("  Po-1 \t"), "po-1")
    }

    func testNaming() {
        check([
            ReconcileCase(
                "reference field equals settlement_ref",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 100.00 ref=PO-1"],
                expected: ["match acme/PO-1 #1 reference"]),
            ReconcileCase(
                "reference field compares case-insensitively",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 100.00 ref=po-1"],
                expected: ["match acme/PO-1 #1 reference"]),
            ReconcileCase(
                "ref as a whole token in the description",
                groups: ["acme PO-1 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 100.00 | SEPA payout (po-1), thanks."],
                expected: ["match acme/PO-1 #1 description_token"]),
            ReconcileCase(
                "PO-1 is not a token of PO-12 nor of XPO-1",
                groups: ["acme PO-1 EUR 100.00 03-09"],
                lines: ["#1 03-09 EUR 99.00 | payout PO-12", "#2 03-09 EUR 98.00 | XPO-1"],
                expected: ["pending acme/PO-1", "pending #1", "pending #2"]),
            ReconcileCase(
                "a ref with separators matches its words in sequence",
                groups: ["acme ACME+42 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 100.00 | paid acme 42 today"],
                expected: ["match acme/ACME+42 #1 description_token"]),
            ReconcileCase(
                "the reference field wins over a token in the description",
                groups: ["acme PO-1 EUR 100.00 03-05", "acme PO-2 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 100.00 ref=PO-1 | for PO-2"],
                expected: ["match acme/PO-1 #1 reference", "MISSING_IN_BANK acme/PO-2"]),
            ReconcileCase(
                "an unknown reference field falls back to description tokens",
                groups: ["acme PO-2 EUR 100.00 03-05"],
                lines: ["#1 03-05 EUR 100.00 ref=E2E-77 | for PO-2"],
                expected: ["match acme/PO-2 #1 description_token"]),
        ])
    }

    /// Decision for one line naming several groups: the only one in the
    /// line's currency; several of its currency by distinct refs are paid
    /// together (``ReconcileManyToOneTests``); else the only one with the
    /// line's amount, else AMBIGUOUS_MATCH (nothing claimed).
    func testSeveralGroupsNamed() {
        check([
            ReconcileCase(
                "same ref, two merchants, the currency decides",
                groups: ["acme PO-1 EUR 100.00 03-05", "beta PO-1 USD 100.00 03-05"],
                lines: ["#1 03-05 USD 100.00 ref=PO-1"],
                expected: ["match beta/PO-1 #1 reference", "MISSING_IN_BANK acme/PO-1"]),
            ReconcileCase(
                "same ref and currency, the amount decides",
                groups: ["acme PO-1 EUR 100.00 03-05", "beta PO-1 EUR 70.00 03-05"],
                lines: ["#1 03-05 EUR 70.00 ref=PO-1"],
                expected: ["match beta/PO-1 #1 reference", "MISSING_IN_BANK acme/PO-1"]),
            ReconcileCase(
                "same ref, currency and amount: ambiguous, nothing claimed",
                groups: ["acme PO-1 EUR 100.00 03-09", "beta PO-1 EUR 100.00 03-09"],
                lines: ["#1 03-09 EUR 100.00 ref=PO-1"],
                expected: [
                    "AMBIGUOUS_MATCH #1 fits=acme/PO-1,beta/PO-1", "pending acme/PO-1", "pending beta/PO-1",
                ]),
            ReconcileCase(
                "a description naming two groups of its currency pays both (many_to_one, SPEC §5.6)",
                groups: ["acme PO-1 EUR 60.00 03-09", "acme PO-2 EUR 40.00 03-09"],
                lines: ["#1 03-09 EUR 100.00 | PO-1 and PO-2"],
                expected: ["match acme/PO-1 #1 many_to_one", "match acme/PO-2 #1 many_to_one"]),
            ReconcileCase(
                "an ambiguous reference does not fall back to amount and date",
                groups: ["acme PO-1 EUR 100.00 03-09", "beta PO-1 EUR 100.00 03-09", "gamma G-1 EUR 100.00 03-09"],
                lines: ["#1 03-09 EUR 100.00 ref=PO-1"],
                expected: [
                    "AMBIGUOUS_MATCH #1 fits=acme/PO-1,beta/PO-1", "pending gamma/G-1", "pending acme/PO-1",
                    "pending beta/PO-1",
                ]),
        ])
    }
}
