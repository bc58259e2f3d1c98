import XCTest

@testable import ReconCore

/// SPEC §5.5 at the pure level: what the engine carries from one night to the
/// next is only what ``ReconcileInput`` holds, so several nights are several
/// calls with the previous result applied by hand, as the store would.
final class ReconcileNightsTests: XCTestCase {
    /// Applies a night's result the way the engine persists it: matched groups
    /// and claimed lines leave the open sets; first_seen dates are remembered.
    private func nextNight(
        after input: ReconcileInput, _ result: ReconcileResult, runDate: String,
        newGroups: [String] = [], newLines: [String] = []
    ) -> ReconcileInput {
        let closedGroups = Set(result.matches.map(\.groupKey))
        let claimedLines = Set(result.matches.flatMap(\.bankLineIDs))
        var firstSeen = input.firstSeenByIdentity
        for row in result.mismatches { firstSeen[row.identity] = row.firstSeen }
        return ReconcileInput(
            runDate: ReconcileNotation.date(runDate), windowDays: input.windowDays,
            groups: input.groups.filter { !closedGroups.contains($0.key) } + newGroups.map(ReconcileNotation.group),
            bankLines: input.bankLines.filter { !claimedLines.contains($0.bankLineID) } + newLines.map(ReconcileNotation.line),
            firstSeenByIdentity: firstSeen)
    }

    func testFirstSeenIsCarriedForwardAndNewRowsGetTheRunDate() {
        let night1 = ReconcileNotation.input(groups: ["acme PO-1 EUR 100.00 03-01"], lines: [], runDate: "03-10")
        let result1 = Reconciler.reconcile(night1)
        XCTAssertEqual(result1.mismatches.map(\.firstSeen), [ReconcileNotation.date("03-10")])

        let night2 = nextNight(after: night1, result1, runDate: "03-11", newLines: ["#1 03-02 EUR 5.00"])
        let result2 = Reconciler.reconcile(night2)
        XCTAssertEqual(ReconcileNotation.render(result2), ["MISSING_IN_BANK acme/PO-1", "UNEXPECTED_BANK_LINE #1"])
        XCTAssertEqual(result2.mismatches.map(\.firstSeen), ["03-10", "03-11"].map(ReconcileNotation.date))
    }

    func testRerunningTheSameNightGivesTheSameResult() {
        let night = ReconcileNotation.input(
            groups: ["acme PO-1 EUR 100.00 03-01", "acme PO-2 EUR 9.00 03-05"],
            lines: ["#1 03-05 EUR 9.00 ref=PO-2", "#2 03-01 EUR 3.00"])
        XCTAssertEqual(Reconciler.reconcile(night), Reconciler.reconcile(night))
    }

    func testLateLineClosesAGroupThatWasMissing() {
        let night1 = ReconcileNotation.input(groups: ["acme PO-1 EUR 100.00 03-05"], lines: [], runDate: "03-10")
        let result1 = Reconciler.reconcile(night1)
        XCTAssertEqual(ReconcileNotation.render(result1), ["MISSING_IN_BANK acme/PO-1"])

        // The statement with the line booked on 03-06 arrives two days late.
        let night2 = nextNight(after: night1, result1, runDate: "03-11", newLines: ["#1 03-06 EUR 100.00 ref=PO-1"])
        XCTAssertEqual(ReconcileNotation.render(Reconciler.reconcile(night2)), ["match acme/PO-1 #1 reference"])

        // Booked late as well: it still closes the group, reported as out of window.
        let late = nextNight(after: night1, result1, runDate: "03-11", newLines: ["#1 03-11 EUR 100.00 ref=PO-1"])
        XCTAssertEqual(
            ReconcileNotation.render(Reconciler.reconcile(late)),
            ["match acme/PO-1 #1 reference DATE_OUT_OF_WINDOW", "DATE_OUT_OF_WINDOW acme/PO-1 #1"])
    }

    /// A transaction arriving for a matched group: the engine passes the group
    /// again with its new net, and releases the lines it had claimed.
    func testLateTransactionReopensAMatchedGroup() {
        let night1 = ReconcileNotation.input(
            groups: ["acme PO-1 EUR 100.00 03-05"], lines: ["#1 03-05 EUR 100.00 ref=PO-1"], runDate: "03-06")
        XCTAssertEqual(ReconcileNotation.render(Reconciler.reconcile(night1)), ["match acme/PO-1 #1 reference"])

        let reopened = ReconcileNotation.input(
            groups: ["acme PO-1 EUR 150.00 03-05"], lines: ["#1 03-05 EUR 100.00 ref=PO-1"], runDate: "03-07")
        XCTAssertEqual(
            ReconcileNotation.render(Reconciler.reconcile(reopened)),
            ["match acme/PO-1 #1 reference AMOUNT_MISMATCH", "AMOUNT_MISMATCH acme/PO-1 #1 diff=-50.00"])

        var paid = reopened
        paid.bankLines.append(ReconcileNotation.line("#2 03-07 EUR 50.00 | PO-1 top-up"))
        XCTAssertEqual(ReconcileNotation.render(Reconciler.reconcile(paid)), ["match acme/PO-1 #1,#2 split"])
    }

    /// A mismatched match the engine keeps open is reported again with its
    /// first `first_seen`, until the missing part arrives.
    func testMismatchedMatchKeptOpenKeepsFirstSeenUntilHealed() {
        let night1 = ReconcileNotation.input(
            groups: ["acme PO-1 EUR 100.00 03-05"], lines: ["#1 03-05 EUR 60.00 ref=PO-1"], runDate: "03-06")
        let result1 = Reconciler.reconcile(night1)
        var firstSeen: [String: CivilDate] = [:]
        for row in result1.mismatches { firstSeen[row.identity] = row.firstSeen }

        var night2 = night1
        night2.runDate = ReconcileNotation.date("03-07")
        night2.firstSeenByIdentity = firstSeen
        let result2 = Reconciler.reconcile(night2)
        XCTAssertEqual(ReconcileNotation.render(result2), ReconcileNotation.render(result1))
        XCTAssertEqual(result2.mismatches.map(\.firstSeen), [ReconcileNotation.date("03-06")])

        night2.bankLines.append(ReconcileNotation.line("#2 03-07 EUR 40.00 ref=PO-1"))
        XCTAssertEqual(ReconcileNotation.render(Reconciler.reconcile(night2)), ["match acme/PO-1 #1,#2 split"])
    }

    func testManyNightsOfRandomDataNeverDependOnOrder() {
        var generator = SeededGenerator(seed: 42)
        let input = RandomReconcileData.input(groupCount: 3000, using: &generator)
        let result = Reconciler.reconcile(input)
        assertInvariants(input, result, "random")
        for _ in 0..<3 {
            var shuffled = input
            shuffled.groups.shuffle(using: &generator)
            shuffled.bankLines.shuffle(using: &generator)
            XCTAssertEqual(Reconciler.reconcile(shuffled), result)
        }
        XCTAssertEqual(result.mismatches.sorted(by: Mismatch.reportOrder), result.mismatches, "public order = sort key")
        // Every automatic rule and most kinds occur, so the shuffles above
        // tested them (`manual` is a person's, never the Reconciler's).
        XCTAssertEqual(Set(result.matches.map(\.rule)), Set(MatchRule.allCases).subtracting([.manual]))
        let kinds = Set(result.mismatches.map(\.kind))
        XCTAssertTrue(kinds.isSuperset(of: [.missingInBank, .unexpectedBankLine, .amountMismatch, .ambiguousMatch,
                                            .duplicateBankLine, .dateOutOfWindow, .currencyMismatch]), "\(kinds)")
    }
}
