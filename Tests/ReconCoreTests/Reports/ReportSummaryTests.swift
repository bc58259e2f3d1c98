import Foundation
import XCTest

@testable import ReconCore

final class ReportSummaryTests: XCTestCase {
    func testSampleMatchesGolden() {
        GoldenFile.assertMatches(
            SummaryReport.json(ReportSamples.summary, mismatches: ReportSamples.mismatches), golden: "summary.json")
    }

    func testCleanRunMatchesGolden() {
        GoldenFile.assertMatches(SummaryReport.json(ReportSamples.cleanSummary, mismatches: []), golden: "summary-clean.json")
    }

    func testRejectedTotalIsTheSumOfReasons() {
        XCTAssertEqual(ReportSamples.counts.records.rejected, 3)
        let json = SummaryReport.json(ReportSamples.summary, mismatches: ReportSamples.mismatches)
        XCTAssertTrue(json.contains("\"rejected\": 3,"), json)
        XCTAssertTrue(json.contains("\"CONFLICT\": 0"), json)
    }

    func testTotalsAreStringsSortedByCurrency() throws {
        let json = SummaryReport.json(ReportSamples.summary, mismatches: [])
        let bhd = try XCTUnwrap(json.range(of: "\"BHD\""))
        let eur = try XCTUnwrap(json.range(of: "\"EUR\": {"))
        let jpy = try XCTUnwrap(json.range(of: "\"JPY\": {"))
        XCTAssertTrue(bhd.lowerBound < eur.lowerBound && eur.lowerBound < jpy.lowerBound)
        XCTAssertTrue(json.contains("\"settled_net\": \"4210.500\""), json)
        XCTAssertTrue(json.contains("\"open_amount\": \"19124.70\""), json)
        XCTAssertTrue(json.contains("\"matched_amount\": \"8630000\""), json)
    }

    func testOutputIsValidJSONWithoutFractionalNumbers() throws {
        let json = SummaryReport.json(ReportSamples.summary, mismatches: ReportSamples.mismatches)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(json.utf8)))
        // Every JSON number is a count: digits only, never a fraction.
        let numberAfterColon = try NSRegularExpression(pattern: #":\s*-?[0-9]+\.[0-9]"#)
        XCTAssertEqual(numberAfterColon.numberOfMatches(in: json, range: NSRange(json.startIndex..., in: json)), 0)
    }

    func testGeneratedAtIsUTCToTheSecond() {
        XCTAssertEqual(UTCTimestamp.format(ReportSamples.generatedAt), "2026-11-29T02:31:07Z")
        XCTAssertEqual(UTCTimestamp.format(Date(timeIntervalSince1970: 0.999)), "1970-01-01T00:00:00Z")
        XCTAssertEqual(UTCTimestamp.format(Date(timeIntervalSince1970: -1)), "1969-12-31T23:59:59Z")
    }

    func testJSONEscapingOfHostileNames() {
        var summary = ReportSamples.cleanSummary
        summary.jobName = "night\"ly\n\u{0}"
        let json = SummaryReport.json(summary, mismatches: [])
        XCTAssertTrue(json.contains(#""job": "night\"ly\n\u0000""#), json)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(json.utf8)))
    }
}
