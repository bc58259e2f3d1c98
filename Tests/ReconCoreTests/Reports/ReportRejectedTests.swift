import XCTest

@testable import ReconCore

final class ReportRejectedTests: XCTestCase {
    func testSampleMatchesGolden() {
        GoldenFile.assertMatches(RejectedReport.csv(ReportSamples.rejected), golden: "rejected.csv")
    }

    func testEmptyIsHeaderOnly() {
        XCTAssertEqual(RejectedReport.csv([]), "source_file,line,txn_id,reason,detail\n")
    }

    func testInjectionIsPrefixedInSourceFileTxnIDAndDetail() {
        let row = RejectedRecordRow(
            sourceFile: "=evil.csv", line: 7, txnID: "@SUM(1)", reason: .invalidField, detail: "+amount: bad")
        XCTAssertEqual(RejectedReport.csv([row]), "source_file,line,txn_id,reason,detail\n'=evil.csv,7,'@SUM(1),INVALID_FIELD,'+amount: bad\n")
    }

    func testRowFromValidatorRejection() {
        let rejection = Rejection(line: 3, txnID: nil, reason: .missingField, detail: "amount is empty")
        let row = RejectedRecordRow(sourceFile: "a.csv", rejection: rejection)
        XCTAssertEqual(RejectedReport.csv([row]).split(separator: "\n")[1], "a.csv,3,,MISSING_FIELD,amount is empty")
    }
}
