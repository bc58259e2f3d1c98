import Foundation
import XCTest

@testable import ReconCore

final class StatementCamtReaderTests: XCTestCase {
    static func document(version: String = "13", closing: String = "1234.56", entries: String) -> Data {
        Data(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.\(version)">
              <BkToCstmrStmt>
                <GrpHdr><MsgId>M1</MsgId></GrpHdr>
                <Stmt>
                  <Id>S1</Id>
                  <ElctrncSeqNb>42</ElctrncSeqNb>
                  <LglSeqNb>7</LglSeqNb>
                  <Acct><Id><Othr><Id>ACC-1</Id></Othr></Id><Ccy>EUR</Ccy></Acct>
                  <Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt>
                    <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-01-01</Dt></Dt></Bal>
                  <Bal><Tp><CdOrPrtry><Cd>CLAV</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1.00</Amt>
                    <CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2026-01-02</Dt></Dt></Bal>
                  <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">\(closing)</Amt>
                    <CdtDbtInd>CRDT</CdtDbtInd><Dt><DtTm>2026-01-02T23:59:59+01:00</DtTm></Dt></Bal>
                  \(entries)
                </Stmt>
              </BkToCstmrStmt>
            </Document>
            """.utf8)
    }

    /// 1000.00 + 300.00 (two payments in a batch) - 65.44 (card fee) = 1234.56;
    /// the pending entry is not a bank line.
    static let entries = """
        <Ntry>
          <Amt Ccy="EUR">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
          <BookgDt><DtTm>2026-01-02T10:00:00</DtTm></BookgDt><ValDt><Dt>2026-01-03</Dt></ValDt>
          <AcctSvcrRef>BATCH-1</AcctSvcrRef>
          <NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>
            <TxDtls><Refs><EndToEndId>SETTLE-A</EndToEndId></Refs><Amt Ccy="EUR">100.00</Amt>
              <CdtDbtInd>CRDT</CdtDbtInd><RmtInf><Ustrd>payout A</Ustrd></RmtInf></TxDtls>
            <TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId><AcctSvcrRef>TX-B</AcctSvcrRef></Refs>
              <Amt Ccy="EUR">200.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>
              <RmtInf><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>
          </NtryDtls>
          <AddtlNtryInf>SEPA batch</AddtlNtryInf>
        </Ntry>
        <Ntry>
          <Amt Ccy="EUR">65.44</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
          <BookgDt><Dt>2026-01-02</Dt></BookgDt>
          <AcctSvcrRef>FEE-1</AcctSvcrRef>
          <NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
            <RmtInf><Ustrd>card fees</Ustrd><Ustrd>January</Ustrd></RmtInf></TxDtls></NtryDtls>
          <AddtlNtryInf>fee &amp; charges</AddtlNtryInf>
        </Ntry>
        <Ntry>
          <Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts>
          <BookgDt><Dt>2026-01-02</Dt></BookgDt>
        </Ntry>
        """

    func testReadsBatchSplitDebitAndNotProvided() throws {
        let statements = try CamtReader.parse(Self.document(entries: Self.entries), fileName: "s.xml")
        XCTAssertEqual(statements.count, 1)
        let statement = statements[0]
        XCTAssertEqual(statement.account, "ACC-1")
        XCTAssertEqual(statement.currency?.code, "EUR")
        XCTAssertEqual(statement.sequence, "42", "ElctrncSeqNb before LglSeqNb")
        XCTAssertEqual(statement.openingBalance, 100_000, "PRCD when there is no OPBD")
        XCTAssertEqual(statement.closingBalance, 123_456)
        XCTAssertEqual(statement.closingDate, CivilDate(iso: "2026-01-02"))
        XCTAssertEqual(BalanceCheck.check(statement), .balanced)

        XCTAssertEqual(statement.lines.map(\.amount), [10_000, 20_000, -6_544])
        let (first, second, fee) = (statement.lines[0], statement.lines[1], statement.lines[2])
        XCTAssertEqual(first.reference, "SETTLE-A")
        XCTAssertEqual(first.description, "payout A SEPA batch")
        XCTAssertEqual(first.bankTransactionID, "BATCH-1/1", "a split part without its own id gets the entry's plus its position")
        XCTAssertEqual(first.bookingDate, CivilDate(iso: "2026-01-02"))
        XCTAssertEqual(first.valueDate, CivilDate(iso: "2026-01-03"))
        XCTAssertEqual(second.reference, "RF18539007547034", "NOTPROVIDED falls back to the creditor reference")
        XCTAssertEqual(second.bankTransactionID, "TX-B")
        XCTAssertNil(fee.reference)
        XCTAssertEqual(fee.description, "card fees January fee & charges")
        XCTAssertEqual(fee.bankTransactionID, "FEE-1")
        XCTAssertNil(fee.valueDate)
    }

    func testEveryVersionFrom02To13IsAccepted() throws {
        for version in 2...13 {
            let code = version < 10 ? "0\(version)" : "\(version)"
            XCTAssertNoThrow(try CamtReader.parse(Self.document(version: code, entries: Self.entries), fileName: "v.xml"))
        }
        XCTAssertThrowsError(try CamtReader.parse(Self.document(version: "14", entries: ""), fileName: "v14.xml")) {
            XCTAssertTrue("\($0)".contains("is not camt.053.001.02 to camt.053.001.13"), "\($0)")
        }
    }

    func testBalanceMismatchIsDetected() throws {
        let statements = try CamtReader.parse(Self.document(closing: "1234.57", entries: Self.entries), fileName: "m.xml")
        guard case .mismatch(let mismatch) = BalanceCheck.check(statements[0]) else { return XCTFail("expected mismatch") }
        XCTAssertEqual(mismatch.difference, 1)
    }

    func testSplitThatDoesNotAddUpStaysOneLine() throws {
        let entries = Self.entries.replacingOccurrences(of: "<Amt Ccy=\"EUR\">200.00</Amt>", with: "<Amt Ccy=\"EUR\">199.00</Amt>")
        let statements = try CamtReader.parse(Self.document(entries: entries), fileName: "s.xml")
        XCTAssertEqual(statements[0].lines.map(\.amount), [30_000, -6_544])
        XCTAssertEqual(statements[0].lines[0].bankTransactionID, "BATCH-1")
        XCTAssertNil(statements[0].lines[0].reference, "two different references: none is the line's")
    }

    func testBadInputNamesTheElement() {
        let cases: [(String, String)] = [
            ("<Amt Ccy=\"EUR\">300.00</Amt>", "<Amt Ccy=\"EUR\">300.001</Amt>"),
            ("<Amt Ccy=\"EUR\">65.44</Amt>", "<Amt Ccy=\"USD\">65.44</Amt>"),
            ("<CdtDbtInd>DBIT</CdtDbtInd><Sts>", "<CdtDbtInd>DEBIT</CdtDbtInd><Sts>"),
            ("<BookgDt><Dt>2026-01-02</Dt></BookgDt>\n  <AcctSvcrRef>FEE-1", "<BookgDt><Dt>2026-02-30</Dt></BookgDt>\n  <AcctSvcrRef>FEE-1"),
            ("</NtryDtls>\n  <AddtlNtryInf>fee", "</NtryDtls>\n  <AddtlNtryInf>fee</Oops>"),
        ]
        let expectations = [
            "Stmt/Ntry/Amt: amount '300.001' has 3 fraction digits",
            "Stmt/Ntry/Amt: amount in USD on an account in EUR",
            "CdtDbtInd is 'DEBIT', expected CRDT or DBIT",
            "booking date '2026-02-30' is not an ISO date",
            "not well-formed XML: end tag </Oops> does not match the start tag <AddtlNtryInf>",
        ]
        for ((original, replacement), expected) in zip(cases, expectations) {
            let entries = Self.entries.replacingOccurrences(of: original, with: replacement)
            XCTAssertNotEqual(entries, Self.entries, original)
            XCTAssertThrowsError(try CamtReader.parse(Self.document(entries: entries), fileName: "bad.xml")) { error in
                XCTAssertTrue("\(error)".hasPrefix("bad.xml: line "), "\(error)")
                XCTAssertTrue("\(error)".contains(expected), "\(error) should contain \(expected)")
            }
        }
    }

    /// CDATA is text, entities and character references are resolved (the
    /// FoundationXML reader dropped CDATA sections silently).
    func testCDATAAndCharacterReferencesAreText() throws {
        let entries = Self.entries.replacingOccurrences(
            of: "<AddtlNtryInf>fee &amp; charges</AddtlNtryInf>",
            with: "<AddtlNtryInf>fee <![CDATA[& <charges>]]> &#xE9;&#233;</AddtlNtryInf>")
        let statements = try CamtReader.parse(Self.document(entries: entries), fileName: "c.xml")
        XCTAssertEqual(statements[0].lines[2].description, "card fees January fee & <charges> éé")
    }

    func testNotCamtIsRejected() {
        let other = Data("<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"/>".utf8)
        XCTAssertThrowsError(try CamtReader.parse(other, fileName: "p.xml")) {
            XCTAssertTrue("\($0)".contains("pain.001.001.09"), "\($0)")
        }
        XCTAssertThrowsError(try CamtReader.parse(Data("not xml".utf8), fileName: "n.xml"))
    }
}
