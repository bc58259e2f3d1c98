import XCTest

@testable import ReconCore

final class StatementPrinterTests: XCTestCase {
    func testPrintsStatementThenLinesThenMismatch() throws {
        let text = """
            :20:X
            :25:DE01
            :28C:7/1
            :60F:D250101EUR0,5
            :61:250102C10,00NTRFREF-"1"//B1
            :86:tab\there
            :61:250102D0,01NTRFNONREF
            :62F:C250102EUR9,50
            """
        let statements = try MT940Reader.parse(Array(text.utf8), fileName: "p.sta")
        let output = StatementPrinter.render(statements)
        XCTAssertTrue(output.hasBalanceMismatch)
        XCTAssertEqual(output.lines, [
            #"{"statement":{"account":"DE01","currency":"EUR","sequence":"7/1","opening_balance":"-0.50","closing_balance":"9.50"}}"#,
            #"{"line":{"account":"DE01","booking_date":"2025-01-02","value_date":"2025-01-02","amount":"10.00","currency":"EUR","reference":"REF-\"1\"","description":"tab\there","bank_txn_id":"B1"}}"#,
            #"{"line":{"account":"DE01","booking_date":"2025-01-02","value_date":"2025-01-02","amount":"-0.01","currency":"EUR","reference":null,"description":"","bank_txn_id":null}}"#,
            #"{"error":"BALANCE_MISMATCH","account":"DE01","sequence":"7/1","opening_balance":"-0.50","lines_total":"9.99","expected_closing_balance":"9.49","closing_balance":"9.50","difference":"0.01","source_line":1}"#,
        ])
    }

    func testStatementWithoutBalancesPrintsNulls() throws {
        let csv = "account,booking_date,value_date,amount,currency,reference,description,bank_txn_id\nA,2026-01-05,,100,JPY,,\u{1}x,\n"
        let output = StatementPrinter.render(try BankCSVReader.parse(Array(csv.utf8), fileName: "b.csv"))
        XCTAssertFalse(output.hasBalanceMismatch)
        XCTAssertEqual(output.lines, [
            #"{"statement":{"account":"A","currency":"JPY","sequence":null,"opening_balance":null,"closing_balance":null}}"#,
            #"{"line":{"account":"A","booking_date":"2026-01-05","value_date":null,"amount":"100","currency":"JPY","reference":null,"description":"\u0001x","bank_txn_id":null}}"#,
        ])
    }
}
