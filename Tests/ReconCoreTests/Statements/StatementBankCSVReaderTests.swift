import XCTest

@testable import ReconCore

final class StatementBankCSVReaderTests: XCTestCase {
    func testReadsQuotedFieldsAnyColumnOrderBOMAndCRLF() throws {
        let text = "\u{FEFF}bank_txn_id,amount,currency,account,booking_date,value_date,reference,description\r\n"
            + "B1,12.3,EUR,DE01,2026-01-05,2026-01-06,SETTLE-1,\"Payout, \"\"weekly\"\"\nsecond line\"\r\n"
            + ",-5,JPY,DE02,2026-01-05,,,fee\r\n"
            + "\r\n"
            + "B3,-0.01,EUR,DE01,2026-01-07,,\"\",\"\"\r\n"
        let statements = try BankCSVReader.parse(Array(text.utf8), fileName: "bank.csv")
        XCTAssertEqual(statements.map(\.account), ["DE01", "DE02"], "one statement per account, in order of first row")
        let first = statements[0]
        XCTAssertNil(first.openingBalance)
        XCTAssertNil(first.closingBalance)
        XCTAssertEqual(BalanceCheck.check(first), .notApplicable)
        XCTAssertEqual(first.currency?.code, "EUR")
        XCTAssertEqual(first.sourceLine, 2)
        XCTAssertEqual(first.lines.map(\.amount), [1230, -1])
        XCTAssertEqual(first.lines[0].description, "Payout, \"weekly\"\nsecond line")
        XCTAssertEqual(first.lines[0].reference, "SETTLE-1")
        XCTAssertEqual(first.lines[0].bankTransactionID, "B1")
        XCTAssertEqual(first.lines[0].valueDate, CivilDate(iso: "2026-01-06"))
        XCTAssertEqual(first.lines[1].sourceLine, 6, "physical line, counting the newline inside quotes and the blank line")
        XCTAssertNil(first.lines[1].reference)
        XCTAssertNil(first.lines[1].valueDate)
        let second = statements[1]
        XCTAssertEqual(second.lines[0].amount, -5)
        XCTAssertEqual(second.lines[0].currency.code, "JPY")
        XCTAssertNil(second.lines[0].bankTransactionID)
    }

    func testBadRowsNameFileLineAndField() {
        let header = "account,booking_date,value_date,amount,currency,reference,description,bank_txn_id\n"
        let cases: [(String, String)] = [
            ("A,2026-01-05,,1.001,EUR,,,\n", "bank.csv: line 2: amount '1.001' has 3 fraction digits, the currency allows 2"),
            ("A,2026-01-05,,1,EUR,,\n", "bank.csv: line 2: row has 7 fields, the header has 8"),
            ("A,2026-02-30,,1,EUR,,,\n", "bank.csv: line 2: booking_date '2026-02-30' is not a YYYY-MM-DD date"),
            ("A,2026-01-05,,1,EURO,,,\n", "bank.csv: line 2: currency 'EURO' is not an ISO 4217 code"),
            (",2026-01-05,,1,EUR,,,\n", "bank.csv: line 2: 'account' is empty"),
            ("A,2026-01-05,,1e3,EUR,,,\n", "bank.csv: line 2: amount '1e3' is not a decimal number"),
            ("A,2026-01-05,,1,EUR,\"open,,\n", "bank.csv: line 2: quoted field is never closed"),
            ("A,2026-01-05,,1,EUR,\"x\"y,,\n", "bank.csv: line 2: text after a closing quote"),
        ]
        for (row, expected) in cases {
            XCTAssertThrowsError(try BankCSVReader.parse(Array((header + row).utf8), fileName: "bank.csv")) { error in
                XCTAssertEqual("\(error)", expected)
            }
        }
        XCTAssertThrowsError(try BankCSVReader.parse(Array("account,amount\nA,1\n".utf8), fileName: "h.csv")) { error in
            XCTAssertTrue("\(error)".contains("header lacks column(s) booking_date, value_date, currency, reference, description"), "\(error)")
        }
        XCTAssertThrowsError(try BankCSVReader.parse([], fileName: "e.csv"))
    }

    func testFormatDetection() {
        func detect(_ text: String, _ name: String = "x") -> StatementFormat? {
            StatementFormat.detect(data: Array(text.utf8), fileName: name)
        }
        XCTAssertEqual(detect("<?xml version=\"1.0\"?><Document/>"), .camt053)
        XCTAssertEqual(detect("\u{FEFF}  <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">"), .camt053)
        XCTAssertEqual(detect("{1:F01BANK}{2:O940}{4:\r\n:20:X"), .mt940)
        XCTAssertEqual(detect(":20:STARTUMS\n:25:X"), .mt940)
        XCTAssertEqual(detect("0000 01INGBNL2AXXXX00001\n940 00\n:20:MPBZ\n"), .mt940)
        XCTAssertEqual(detect("\u{FEFF}account,booking_date,value_date,amount,currency,reference,description,bank_txn_id\n"), .csv)
        XCTAssertEqual(detect("\"amount\",\"currency\",\"account\",\"booking_date\"\n"), .csv)
        XCTAssertNil(detect("hello"))
        XCTAssertEqual(detect("hello", "x.sta"), .mt940)
        XCTAssertThrowsError(try StatementReader.parse(Array("hello".utf8), fileName: "x.bin")) {
            XCTAssertTrue("\($0)".hasPrefix("x.bin: line 1: not a bank statement"), "\($0)")
        }
    }
}
