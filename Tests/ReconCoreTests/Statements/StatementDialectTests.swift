import Foundation
import XCTest

@testable import ReconCore

/// Deviations real banks' files show (issue 13 point 4), each read the way a
/// careful person reads it, with a note saying what was unusual. The shapes
/// come from public parsers' issue trackers (named per test) or from the
/// classes issue 13 lists; the files are written here.
final class StatementDialectTests: XCTestCase {
    private func mt940(_ body: String, file: StaticString = #filePath, line: UInt = #line) throws -> BankStatement {
        let statements = try MT940Reader.parse(Array(body.utf8), fileName: "d.sta")
        XCTAssertEqual(statements.count, 1, file: file, line: line)
        return statements[0]
    }

    /// Issue 13: a bank whose 30 `:61:` lines carry no transaction type had
    /// `NONR` taken as the type and `EF` stored as the reference.
    func testStatementLineWithoutTransactionTypeIsNotShiftedIntoTheReference() throws {
        let statement = try mt940("""
            :20:X
            :25:NL01BANK0001
            :28C:1
            :60F:C200901EUR100,00
            :61:2009020902D20,00NONREF
            :86:card payment
            :61:2009020902C5,00//BR-77
            :61:2009020902C1,50NTRFPO-4711
            :62F:C200902EUR86,50

            """)
        XCTAssertEqual(statement.lines.map(\.amount), [-2000, 500, 150])
        XCTAssertEqual(statement.lines.map(\.reference), [nil, nil, "PO-4711"])
        XCTAssertEqual(statement.lines.map(\.bankTransactionID), [nil, "BR-77", nil])
        XCTAssertEqual(statement.lines[0].description, "card payment")
        XCTAssertFalse(statement.lines.contains { ($0.reference ?? "").contains("EF") })
        XCTAssertEqual(statement.notes, [
            "line 5: :61: has no transaction type after the amount; 'NONREF' read as the reference",
            "line 7: :61: has no transaction type after the amount; '//BR-77' read as the reference",
        ])
        XCTAssertEqual(BalanceCheck.check(statement), .balanced)
    }

    /// railslove/cmxl#38 (type `S` + 3 digits), webschik/mt940-js#2 (one
    /// fraction digit, `N310`, bank reference), wolph/mt940#117 (Wise:
    /// `FMSC`, details on the next line), wolph/mt940#111 (a customer
    /// reference longer than 16: the rest is kept in the description).
    func testStatementLineShapesFromPublicTrackers() throws {
        let statement = try mt940("""
            :20:X
            :25:A
            :60F:C191101EUR1000,00
            :61:1911181118CR653,00S445328556-76501096
            :61:1702270227D0,7N310NONREF//B7B27AG0MQ000001
            :61:250107C0,92FMSCNONREF
            BALANCE_CASHBACK-510151a4
            :61:2207060706DR20,NTRFBIPI-dvT1FzfMqvzF5HaU4oetlH7SGRkonU//2022070616391534000
            :62F:C191118EUR1633,22

            """)
        XCTAssertEqual(statement.lines.map(\.amount), [65300, -70, 92, -2000])
        XCTAssertEqual(statement.lines.map(\.reference), ["328556-76501096", nil, nil, "BIPI-dvT1FzfMqvz"])
        XCTAssertEqual(statement.lines.map(\.bankTransactionID), [nil, "B7B27AG0MQ000001", nil, "2022070616391534"])
        XCTAssertEqual(statement.lines[2].description, "BALANCE_CASHBACK-510151a4")
        XCTAssertEqual(statement.lines[3].description, "F5HaU4oetlH7SGRkonU 000")
        XCTAssertEqual(statement.notes, [])
    }

    /// willuhn/hbci4java#43 (a `-` line inside a statement, Kreissparkasse),
    /// webschik/mt940-js#12 (an account-level `:86:` after `:65:` is no line's
    /// description), fruitl00p/php-mt940#46 (ABN AMRO: no `:20:`, bank header lines).
    func testStatementStructureShapesFromPublicTrackers() throws {
        let statement = try mt940("""
            ABNANL2A
            940
            ABNANL2A
            :25:0111111111
            :28C:100
            :60M:C140106EUR1,00
            -
            :61:1401060106CR1,00N062NONREF
            :86:EERSTE
            :62F:C140106EUR2,00
            :64:C140106EUR2,00
            :65:C140107EUR2,00
            :86:/SUM/10/3/308435,72/14435,72/

            """)
        XCTAssertEqual(statement.account, "0111111111")
        XCTAssertEqual(statement.lines.map(\.description), ["EERSTE"])
        XCTAssertEqual(BalanceCheck.check(statement), .balanced)
        let text = "ABNANL2A\n940\nABNANL2A\n:25:0111111111\n:28C:100\n:60F:C140106EUR1,00\n"
        XCTAssertEqual(StatementFormat.detect(data: Array(text.utf8), fileName: "download.txt"), .mt940)
    }

    /// Issue 13: a withdrawn ISO 4217 code in an old statement (wolph's
    /// raphaelm.sta sample is in DEM, with a `:62M:` that has no currency)
    /// and a letter O typed for a zero in a balance.
    func testWithdrawnCurrencyAndLetterOInABalance() throws {
        let statement = try mt940("""
            :20:STARTUMS
            :25:1222333444
            :28C:7
            :60F:C020315DEM1O0,00
            :61:0203170317C5000,00NMSCNONREF
            :62M:C0203175100,00

            """)
        XCTAssertEqual(statement.currency?.code, "DEM")
        XCTAssertEqual(statement.openingBalance, 10000)
        XCTAssertEqual(statement.closingBalance, 510000)
        XCTAssertEqual(statement.notes, [
            "line 4: :60F: currency DEM is a withdrawn ISO 4217 code, read with its 2 minor digits",
            "line 4: :60F: amount '1O0,00' has a letter O, read as '100,00'",
            "line 6: :62M: has no currency code; read in the statement's DEM",
        ])
        XCTAssertNil(Currency(code: "DEM"), "transactions still refuse withdrawn codes (SPEC §2)")
        // A letter that is not O is still refused, quoting what was found.
        XCTAssertThrowsError(try mt940(":20:X\n:25:A\n:60F:C020315EUR1I0,00\n")) { error in
            XCTAssertEqual("\(error)", "d.sta: line 3: :60F: amount '1I0,00' is not a decimal number, expected digits with a decimal comma")
        }
    }

    private static func camt(_ entries: String, accountCurrency: String = "EUR") -> Data {
        Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt><Id>1</Id>
            <Acct><Id><IBAN>CH9300762011623852957</IBAN></Id><Ccy>\(accountCurrency)</Ccy></Acct>
            \(entries)
            </Stmt></BkToCstmrStmt></Document>

            """.utf8)
    }

    /// Issue 13: `Amt` in the instructed currency while `AmtDtls` gives what
    /// was booked in the account's; and a bank reference only in
    /// `TxDtls/Refs/AcctSvcrRef` (OCA/bank-statement-import#942 reads it too).
    func testCamtForeignCurrencyEntryAndTransactionLevelBankReference() throws {
        let statements = try CamtReader.parse(Self.camt("""
            <Ntry><Amt Ccy="USD">110.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
            <BookgDt><Dt>2026-11-20</Dt></BookgDt>
            <AmtDtls><InstdAmt><Amt Ccy="USD">110.00</Amt></InstdAmt><TxAmt><Amt Ccy="EUR">101.37</Amt></TxAmt></AmtDtls>
            <NtryDtls><TxDtls><Refs><AcctSvcrRef>TX-REF-9</AcctSvcrRef><EndToEndId>PO-USD-1</EndToEndId></Refs>
            <RmtInf><Ustrd>payout</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
            """), fileName: "fx.xml")
        let line = statements[0].lines[0]
        XCTAssertEqual(line.amount, 10137)
        XCTAssertEqual(line.currency.code, "EUR")
        XCTAssertEqual(line.reference, "PO-USD-1")
        XCTAssertEqual(line.bankTransactionID, "TX-REF-9")
        XCTAssertEqual(line.description, "payout original amount 110.00 USD")
        XCTAssertEqual(statements[0].notes, ["line 4: Ntry/Amt is in USD on an account in EUR; booked the TxAmt of 101.37 EUR"])

        // Without an account-currency amount the entry is refused, saying what was found and expected.
        XCTAssertThrowsError(try CamtReader.parse(Self.camt("""
            <Ntry><Amt Ccy="USD">110.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-20</Dt></BookgDt></Ntry>
            """), fileName: "fx.xml")) { error in
            XCTAssertEqual("\(error)", "fx.xml: line 4, Document/BkToCstmrStmt/Stmt/Ntry/Amt: amount in USD on an account in EUR")
        }
    }

    /// An archived camt statement in a withdrawn currency, with a namespace
    /// prefix on every element (`ns2:`), as some banks' exports write.
    func testCamtWithdrawnCurrencyAndPrefixedElements() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><ns2:BkToCstmrStmt><ns2:Stmt>
            <ns2:Acct><ns2:Id><ns2:Othr><ns2:Id>FR-OLD-1</ns2:Id></ns2:Othr></ns2:Id><ns2:Ccy>FRF</ns2:Ccy></ns2:Acct>
            <ns2:Ntry><ns2:Amt Ccy="FRF">12.50</ns2:Amt><ns2:CdtDbtInd>DBIT</ns2:CdtDbtInd><ns2:Sts>BOOK</ns2:Sts>
            <ns2:BookgDt><ns2:Dt>2001-06-01</ns2:Dt></ns2:BookgDt></ns2:Ntry>
            </ns2:Stmt></ns2:BkToCstmrStmt></ns2:Document>
            """
        let statement = try CamtReader.parse(Data(xml.utf8), fileName: "old.xml")[0]
        XCTAssertEqual(statement.account, "FR-OLD-1")
        XCTAssertEqual(statement.lines.map(\.amount), [-1250])
        XCTAssertEqual(statement.notes, ["line 2: currency FRF is a withdrawn ISO 4217 code, read with its 2 minor digits"])
    }

    /// Refusals name the line, the field, the text found and what was expected.
    func testRefusalsQuoteWhatWasFound() {
        let cases: [(String, String)] = [
            (":20:X\n:25:A\n:60F:X250101EUR1,00\n", "d.sta: line 3: :60F: must start with C or D, found 'X'"),
            (":20:X\n:25:A\n:60F:C25010XEUR1,00\n", "d.sta: line 3: :60F: expected the balance date YYMMDD after C, found '25010X'"),
            (":20:X\n:25:A\n:60F:C250101EUR1,00\n:61:250101X1,00NTRF\n", "d.sta: line 4: :61: expected debit/credit mark C, D, RC or RD after the dates, found 'X1,00NTRF'"),
            (":20:X\n:25:A\n:60F:C250101EUR1,00\n:61:250101CNTRF\n", "d.sta: line 4: :61: expected the amount (digits with a decimal comma) after the debit/credit mark, found 'TRF'"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try MT940Reader.parse(Array(text.utf8), fileName: "d.sta")) { error in
                XCTAssertEqual("\(error)", expected)
            }
        }
    }
}
