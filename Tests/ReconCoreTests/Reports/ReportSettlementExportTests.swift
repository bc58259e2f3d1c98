import Foundation
import XCTest

@testable import ReconCore

final class ReportSettlementExportTests: XCTestCase {
    func testSampleCSVMatchesGolden() {
        GoldenFile.assertMatches(SettlementExport.csv(ReportSamples.settlementRows), golden: "settlements.csv")
    }

    func testSampleJSONMatchesGolden() {
        GoldenFile.assertMatches(SettlementExport.json(ReportSamples.settlementRows), golden: "settlements.json")
    }

    func testEmptyExport() {
        XCTAssertEqual(
            SettlementExport.csv([]),
            "settlement_date,merchant_id,settlement_ref,currency,payments,refunds,chargebacks,fees,adjustments,net,"
                + "txn_count,status,booking_date,bank_txn_id\n")
        XCTAssertEqual(SettlementExport.json([]), "[]\n")
    }

    func testNetIsTheSumOfItsComponentsInTheSampleRows() {
        for row in ReportSamples.settlementRows {
            let group = row.group
            XCTAssertEqual(group.payments + group.refunds + group.chargebacks + group.fees + group.adjustments, group.net)
        }
    }

    func testInjectionIsPrefixedInTextColumnsOnly() {
        var group = SettlementGroup(
            key: .init(merchantID: "=m", settlementRef: "-ref", currency: "EUR"), currency: Currency(code: "EUR")!,
            net: -250, settlementDate: ReportSamples.date("2026-11-01"), transactionCount: 1)
        group.refunds = -250
        let row = SettlementExportRow(group: group, status: .pending, bankTxnID: "@b")
        XCTAssertEqual(
            SettlementExport.csv([row]).split(separator: "\n")[1],
            "2026-11-01,'=m,'-ref,EUR,0.00,-2.50,0.00,0.00,0.00,-2.50,1,pending,,'@b")
        let json = SettlementExport.json([row])
        XCTAssertTrue(json.contains("\"merchant_id\": \"=m\""), json)
        XCTAssertTrue(json.contains("\"booking_date\": null"), json)
    }
}
