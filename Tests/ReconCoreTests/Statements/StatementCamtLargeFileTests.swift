import Foundation
import XCTest

@testable import ReconCore

final class StatementCamtLargeFileTests: XCTestCase {
    /// Over libxml2's 10 MB single-chunk limit: must still parse (streamed).
    func testFileOverTenMegabytesParses() throws {
        let entry = """
            <Ntry><Amt Ccy="EUR">0.01</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>\
            <BookgDt><Dt>2026-01-02</Dt></BookgDt><AddtlNtryInf>\(String(repeating: "x", count: 400))</AddtlNtryInf></Ntry>

            """
        let count = 11_000_000 / entry.utf8.count + 1
        let document = StatementCamtReaderTests.document(
            closing: MinorUnits.format(100_000 + Int64(count), digits: 2),
            entries: String(repeating: entry, count: count))
        XCTAssertGreaterThan(document.count, 11_000_000)
        let statements = try CamtReader.parse(document, fileName: "big.xml")
        XCTAssertEqual(statements[0].lines.count, count)
        XCTAssertEqual(BalanceCheck.check(statements[0]), .balanced)
    }
}
