import XCTest

@testable import ReconCore

final class ReportMismatchTests: XCTestCase {
    func testSampleCSVMatchesGolden() {
        GoldenFile.assertMatches(MismatchReport.csv(ReportSamples.mismatches), golden: "mismatches.csv")
    }

    func testSampleJSONMatchesGolden() {
        GoldenFile.assertMatches(MismatchReport.json(ReportSamples.mismatches), golden: "mismatches.json")
    }

    func testEmptyReportIsHeaderOnlyAndEmptyArray() {
        XCTAssertEqual(MismatchReport.csv([]), MismatchReport.columns.joined(separator: ",") + "\n")
        XCTAssertEqual(MismatchReport.json([]), "[]\n")
    }

    func testHeaderIsExactlyTheSpecColumns() {
        let header = MismatchReport.csv([]).split(separator: "\n").first.map(String.init)
        XCTAssertEqual(
            header,
            "kind,settlement_ref,merchant_id,currency,expected_amount,bank_amount,difference,settlement_date,"
                + "booking_date,bank_account,bank_txn_id,txn_count,first_seen,detail,exception_id,state")
    }

    /// Every text column from input gets `'`; amounts, dates and counts don't.
    func testFormulaInjectionIsPrefixedInEveryTextColumnButNotInAmounts() {
        let mismatch = Mismatch(
            kind: .amountMismatch, settlementRef: "=HYPERLINK(\"http://evil\")", merchantID: "+merchant",
            currency: "EUR", expectedAmount: -1_250, bankAmount: -1_300, difference: -50,
            settlementDate: ReportSamples.date("2026-11-20"), bookingDate: ReportSamples.date("2026-11-21"),
            bankAccount: "@account", bankTxnID: "\tTXN", transactionCount: 2,
            firstSeen: ReportSamples.date("2026-11-28"), detail: "-detail\rwith CR")
        let lines = MismatchReport.csv([mismatch]).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(
            lines[1],
            "AMOUNT_MISMATCH,\"'=HYPERLINK(\"\"http://evil\"\")\",'+merchant,EUR,-12.50,-13.00,-0.50,2026-11-20,"
                + "2026-11-21,'@account,'\tTXN,2,2026-11-28,\"'-detail\rwith CR\",\(ExceptionID(identity: mismatch.identity)),open")
    }

    func testJSONCarriesInputTextUnchanged() {
        let mismatch = Mismatch(
            kind: .unexpectedBankLine, currency: "EUR", bankAmount: -1, bankTxnID: "=1+1",
            detail: "@here \"quoted\" </script>")
        let json = MismatchReport.json([mismatch])
        XCTAssertTrue(json.contains("\"bank_txn_id\": \"=1+1\""), json)
        XCTAssertTrue(json.contains("\"detail\": \"@here \\\"quoted\\\" </script>\""), json)
        XCTAssertTrue(json.contains("\"bank_amount\": \"-0.01\""), json)
        XCTAssertFalse(json.contains("'"), json)
    }

    func testAbsentValuesAreEmptyCellsAndJSONNull() {
        let mismatch = Mismatch(kind: .statementGap, bankAccount: "ACC", detail: "gap")
        XCTAssertEqual(MismatchReport.csv([mismatch]).split(separator: "\n")[1], "STATEMENT_GAP,,,,,,,,,ACC,,,,gap,EX-BABMVT3J9V,open")
        let json = MismatchReport.json([mismatch])
        XCTAssertTrue(json.contains("\"expected_amount\": null"), json)
        XCTAssertTrue(json.contains("\"txn_count\": null"), json)
        XCTAssertTrue(json.contains("\"candidates\": []"), json)
        XCTAssertTrue(json.contains("\"exception_id\": \"EX-BABMVT3J9V\""), json)
        XCTAssertTrue(json.contains("\"state\": \"open\""), json)
    }

    /// The store's marks win over the derived id and `open`.
    func testExceptionColumnsComeFromTheMarks() {
        let mismatch = Mismatch(kind: .missingInBank, settlementRef: "PO-1", merchantID: "m", currency: "EUR", expectedAmount: 5)
        let marks = ExceptionMarks([
            mismatch.identity: .init(id: ExceptionID(identity: mismatch.identity), state: .acknowledged, owner: "ana")
        ])
        XCTAssertTrue(MismatchReport.csv([mismatch], marks: marks).hasSuffix(",\(ExceptionID(identity: mismatch.identity)),acknowledged\n"))
        XCTAssertTrue(MismatchReport.json([mismatch], marks: marks).contains("\"state\": \"acknowledged\""))
    }

    func testCandidatesUseTheirOwnCurrencyDigits() {
        let mismatch = Mismatch(
            kind: .missingInBank, settlementRef: "R", merchantID: "m", currency: "EUR", expectedAmount: 100,
            candidates: [
                .init(side: "bank_line", bankTxnID: "B1", amount: 1_000, currency: "JPY", amountDifference: -5,
                    daysApart: 2)
            ])
        let json = MismatchReport.json([mismatch])
        XCTAssertTrue(json.contains("\"amount\": \"1000\""), json)
        XCTAssertTrue(json.contains("\"amount_difference\": \"-5\""), json)
        XCTAssertTrue(json.contains("\"days_apart\": 2"), json)
    }
}
