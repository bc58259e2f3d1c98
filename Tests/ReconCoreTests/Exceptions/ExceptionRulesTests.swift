import ReconCore
import XCTest

/// The states and transitions of SPEC §9 without a database.
final class ExceptionRulesTests: XCTestCase {
    private let night = CivilDate(iso: "2026-11-22")!

    func testPeopleChangesFollowTheStates() {
        let ack = ExceptionChange.acknowledge(owner: "ana", note: nil)
        let resolve = ExceptionChange.resolve(reason: .writeOff, note: "small")
        let reopen = ExceptionChange.reopen(note: "again")
        func state(_ change: ExceptionChange, _ from: ExceptionState) -> ExceptionState? {
            try? change.apply(to: from, owner: "bo").get().state
        }
        XCTAssertEqual(state(ack, .open), .acknowledged)
        XCTAssertEqual(state(ack, .acknowledged), .acknowledged, "hand-over to a new owner")
        XCTAssertNil(state(ack, .resolved))
        XCTAssertNil(state(ack, .cleared))
        XCTAssertEqual(state(resolve, .open), .resolved)
        XCTAssertEqual(state(resolve, .acknowledged), .resolved)
        XCTAssertNil(state(resolve, .resolved), "resolving twice is refused, not silently repeated")
        XCTAssertNil(state(resolve, .cleared))
        XCTAssertEqual(state(reopen, .resolved), .open)
        XCTAssertEqual(state(reopen, .cleared), .open)
        XCTAssertNil(state(reopen, .open))
        XCTAssertNil(state(reopen, .acknowledged))
        XCTAssertEqual(try resolve.apply(to: .acknowledged, owner: "bo").get().owner, "bo", "a resolved one keeps who worked it")
        XCTAssertEqual(try resolve.apply(to: .acknowledged, owner: "bo").get().resolution, .writeOff)
        XCTAssertNil(try reopen.apply(to: .resolved, owner: "bo").get().owner, "reopened: nobody's until acknowledged")
    }

    func testNightlySyncRules() {
        let facts = ExceptionFacts(expectedAmount: 1_000, transactionCount: 2, detail: "d")
        var grown = facts
        grown.expectedAmount = 1_250
        grown.transactionCount = 3
        XCTAssertEqual(ExceptionSyncRule.found(facts, currency: "EUR", stored: nil, runDate: night), .create)
        XCTAssertEqual(ExceptionSyncRule.found(facts, currency: "EUR", stored: (.open, facts), runDate: night), .keep)
        XCTAssertEqual(ExceptionSyncRule.found(grown, currency: "EUR", stored: (.acknowledged, facts), runDate: night), .refresh)
        XCTAssertEqual(ExceptionSyncRule.found(facts, currency: "EUR", stored: (.resolved, facts), runDate: night), .keep)
        XCTAssertEqual(
            ExceptionSyncRule.found(grown, currency: "EUR", stored: (.resolved, facts), runDate: night),
            .reopen(
                note: "open again on 2026-11-22: its items changed since it was resolved: expected amount 10.00 → 12.50; transactions 2 → 3"))
        guard case .reopen(let note) = ExceptionSyncRule.found(facts, currency: "EUR", stored: (.cleared, facts), runDate: night) else {
            return XCTFail("a cleared exception reported again is open again")
        }
        XCTAssertTrue(note.contains("cleared"), note)
        XCTAssertNotNil(ExceptionSyncRule.absent(state: .open, runDate: night))
        XCTAssertNotNil(ExceptionSyncRule.absent(state: .acknowledged, runDate: night))
        XCTAssertNil(ExceptionSyncRule.absent(state: .resolved, runDate: night), "a person's resolution stands")
        XCTAssertNil(ExceptionSyncRule.absent(state: .cleared, runDate: night))
    }

    func testOnlyAChangedDetailIsNamedWhenNothingElseMoved() {
        let old = ExceptionFacts(bankAmount: 500, detail: "2 open groups fit: A, B")
        let new = ExceptionFacts(bankAmount: 500, detail: "3 open groups fit: A, B, C")
        XCTAssertEqual(new.changes(from: old, currency: "EUR"), ["detail now: 3 open groups fit: A, B, C"])
    }

    func testAtStakePerKind() {
        func stake(_ kind: MismatchKind, expected: Int64? = nil, bank: Int64? = nil, difference: Int64? = nil) -> Int64? {
            Mismatch(kind: kind, currency: "EUR", expectedAmount: expected, bankAmount: bank, difference: difference).atStake
        }
        XCTAssertEqual(stake(.amountMismatch, expected: 100, bank: 90, difference: -10), 10)
        XCTAssertEqual(stake(.missingInBank, expected: 100), 100)
        XCTAssertEqual(stake(.missingInBank, expected: -100), 100)
        XCTAssertEqual(stake(.unexpectedBankLine, bank: -77), 77)
        XCTAssertEqual(stake(.duplicateBankLine, expected: 500, bank: 500, difference: 0), 500)
        XCTAssertEqual(stake(.ambiguousMatch, bank: 15), 15)
        XCTAssertNil(stake(.statementGap))
        XCTAssertEqual(stake(.currencyMismatch, expected: 99), 99)
        XCTAssertEqual(stake(.dateOutOfWindow, expected: 12, bank: 12, difference: 0), 12)
        XCTAssertEqual(stake(.dateOutOfWindow, expected: 12, bank: 10, difference: -2), 2)
        XCTAssertEqual(stake(.unexpectedBankLine, bank: .min), .max, "saturates, never traps")
    }

    func testMarksHideResolvedAndClearedButKeepAcknowledged() {
        let rows = ExceptionState.allCases.enumerated().map { index, _ in
            Mismatch(kind: .missingInBank, settlementRef: "PO-\(index)", merchantID: "m", currency: "EUR", expectedAmount: 1)
        }
        var marks = ExceptionMarks()
        for (row, state) in zip(rows, ExceptionState.allCases) {
            marks.byIdentity[row.identity] = .init(id: ExceptionID(identity: row.identity), state: state)
        }
        XCTAssertEqual(marks.listed(rows).map(\.settlementRef), ["PO-0", "PO-1"])
        let unmarked = Mismatch(kind: .statementGap, bankAccount: "A")
        XCTAssertEqual(marks.mark(unmarked).state, .open)
    }
}
