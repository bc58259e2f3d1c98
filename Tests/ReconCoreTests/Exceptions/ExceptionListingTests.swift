import ReconCore
import XCTest

final class ExceptionListingTests: XCTestCase {
    private func row(
        _ ref: String?, _ currency: String?, _ stake: Int64?, kind: MismatchKind = .missingInBank, owner: String? = nil,
        note: String? = nil, age: Int = 3
    ) -> ExceptionListRow {
        ExceptionListRow(
            exceptionID: ExceptionID(identity: ref ?? "gap"), kind: kind, state: owner == nil ? .open : .acknowledged,
            owner: owner, settlementRef: ref, merchantID: ref == nil ? nil : "acme", currency: currency, atStake: stake,
            firstSeen: CivilDate(iso: "2026-11-19")!, ageDays: age, lastNote: note)
    }

    /// Largest first in each row's own major units; no amount (a gap) last.
    func testSortedByAtStakeAcrossCurrencies() {
        let rows = [
            row("EUR-5", "EUR", 500), row(nil, nil, nil, kind: .statementGap), row("JPY-1000", "JPY", 1_000),
            row("BHD-12.345", "BHD", 12_345), row("EUR-1500", "EUR", 150_000),
        ]
        XCTAssertEqual(
            rows.sorted(by: ExceptionListRow.largestFirst).map { $0.settlementRef ?? "gap" },
            ["EUR-1500", "JPY-1000", "BHD-12.345", "EUR-5", "gap"])
        XCTAssertEqual(ExceptionListRow.sortedLargestFirst(rows), rows.sorted(by: ExceptionListRow.largestFirst))
    }

    func testMinimumAmountIsReadInEachRowsCurrency() {
        let filter = ExceptionFilter(minimumAmount: "100")
        XCTAssertTrue(filter.admits(row("a", "EUR", 10_000)))
        XCTAssertFalse(filter.admits(row("b", "EUR", 9_999)))
        XCTAssertTrue(filter.admits(row("c", "JPY", 100)))
        XCTAssertFalse(filter.admits(row("d", "JPY", 99)))
        XCTAssertFalse(filter.admits(row(nil, nil, nil, kind: .statementGap)), "no amount, not above any minimum")
        XCTAssertTrue(ExceptionFilter(minimumAmount: "0.5").admits(row("e", "JPY", 1)), "more digits than the currency has")
        XCTAssertFalse(ExceptionFilter(minimumAmount: "1.5").admits(row("f", "JPY", 1)))
        XCTAssertFalse(ExceptionFilter.isValidAmount("1e3"))
        XCTAssertTrue(ExceptionFilter.isValidAmount("12.34"))
    }

    func testStateListsAndAll() {
        XCTAssertEqual(ExceptionFilter.states("open,resolved"), [.open, .resolved])
        XCTAssertEqual(ExceptionFilter.states("all"), Set(ExceptionState.allCases))
        XCTAssertNil(ExceptionFilter.states("open,closed"))
        XCTAssertNil(ExceptionFilter.states(""))
    }

    /// Owners and notes are typed by people: protected in CSV like input,
    /// unchanged in JSON; amounts never prefixed.
    func testCSVProtectsOwnersNotesAndReferences() {
        let rows = [row("=cmd|' /C calc'!A0", "EUR", -0, owner: "@ana", note: "+1 call back\n-later")]
        let csv = ExceptionListing.csv(rows)
        let lines = csv.split(separator: "\n", maxSplits: 1).map(String.init)
        XCTAssertEqual(lines[0], ExceptionListing.columns.joined(separator: ","))
        XCTAssertTrue(lines[1].contains(",'@ana,"), csv)
        XCTAssertTrue(lines[1].contains(",'=cmd|"), csv)
        XCTAssertTrue(lines[1].contains("\"'+1 call back\n-later\""), csv)
        let json = ExceptionListing.json(rows)
        XCTAssertTrue(json.contains("\"owner\": \"@ana\""), json)
        XCTAssertTrue(json.contains("\"at_stake\": \"0.00\""), json)
    }

    func testTableFitsTheWidthRightAlignsAmountsAndMarksCuts() {
        let long = String(repeating: "a very long note ", count: 10)
        let rows = [row("PO-1", "EUR", 123_456, note: long), row("PO-22", "JPY", 5, owner: "ana")]
        let text = ExceptionListing.table(rows, width: 120)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        for line in lines { XCTAssertLessThanOrEqual(line.count, 120, line) }
        XCTAssertFalse(lines[0].contains("BANK TXN"), "a column empty in every row is left out")
        XCTAssertTrue(lines[1].hasSuffix("…"), lines[1])
        XCTAssertTrue(lines[1].contains("1234.56"))
        // Right-aligned: the amounts end in the same column.
        let end1 = lines[1].range(of: "1234.56")!.upperBound.utf16Offset(in: lines[1])
        let end2 = lines[2].range(of: "  5  ")!.lowerBound.utf16Offset(in: lines[2]) + 3
        XCTAssertEqual(end1, end2, text)
        XCTAssertFalse(lines[2].contains("…"), "short rows are not cut")
        XCTAssertEqual(ExceptionListing.table([], width: 80), "no exceptions match\n")
    }

    func testTableNeverCutsIdentifiersOrAmounts() {
        var table = TextTable(columns: [
            .init("ID"), .init("AMOUNT", alignRight: true), .init("NOTE", shrinkable: true, minimumWidth: 4),
        ])
        table.append(["EX-0123456789", "123456789.00", "line one\nline two"])
        let text = table.render(width: 20)
        XCTAssertEqual(text, "ID                   AMOUNT  NOTE\nEX-0123456789  123456789.00  lin…\n")
    }
}
