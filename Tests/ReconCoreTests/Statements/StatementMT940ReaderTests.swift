import XCTest

@testable import ReconCore

final class StatementMT940ReaderTests: XCTestCase {
    /// Two statements in SWIFT envelopes with CRLF: reversals, comma decimals,
    /// entry dates across a year end both ways, structured and plain :86:.
    static let twoStatements = [
        "{1:F01BANKDEFFAXXX0000000000}{2:O9401200251231BANKDEFFAXXX00000000002512311200N}{4:",
        ":20:STMT1",
        ":25:DE89370400440532013000",
        ":28C:5/1",
        ":60F:C251230EUR1000,",
        ":61:2512310102C100,NTRFREF1//BANK1",
        "supplementary text",
        ":86:plain text",
        "continued here",
        ":61:251231RC50,25NTRFNONREF",
        ":86:reversal of a credit",
        ":61:251231RDR20,NTRFNONREF//B3",
        ":86:166?00GUTSCHRIFT?109310?20EREF+ABC?21DEF",
        ":62F:C251231EUR1069,75",
        ":86:statement level text, not a line",
        "-}",
        "",
        "{1:F01BANKDEFFAXXX0000000000}{2:O940}{4:",
        ":20:STMT2",
        ":25:DE89370400440532013000",
        ":28C:6/1",
        ":60M:C251231EUR1069,75",
        ":61:2601011231D69,75NMSCX",
        ":62M:C260101EUR1000,00",
        ":64:C260101EUR1000,00",
        "-}",
    ].joined(separator: "\r\n")

    func testReadsMultiStatementFileWithReversalsAndYearEnd() throws {
        let statements = try MT940Reader.parse(Array(Self.twoStatements.utf8), fileName: "two.sta")
        XCTAssertEqual(statements.count, 2)
        let first = statements[0]
        XCTAssertEqual(first.account, "DE89370400440532013000")
        XCTAssertEqual(first.currency?.code, "EUR")
        XCTAssertEqual(first.sequence, "5/1")
        XCTAssertEqual(first.openingBalance, 100_000)
        XCTAssertEqual(first.closingBalance, 106_975)
        XCTAssertEqual(first.sourceLine, 2)
        XCTAssertEqual(first.lines.map(\.amount), [10_000, -5_025, 2_000])  // C, RC out, RD in
        XCTAssertEqual(BalanceCheck.check(first), .balanced)

        let credit = first.lines[0]
        XCTAssertEqual(credit.valueDate, CivilDate(iso: "2025-12-31"))
        XCTAssertEqual(credit.bookingDate, CivilDate(iso: "2026-01-02"), "January entry for a December value date")
        XCTAssertEqual(credit.reference, "REF1")
        XCTAssertEqual(credit.bankTransactionID, "BANK1")
        XCTAssertEqual(credit.description, "plain text continued here")
        XCTAssertEqual(credit.sourceLine, 6)

        XCTAssertNil(first.lines[1].reference, "NONREF is no reference")
        XCTAssertEqual(first.lines[1].bookingDate, CivilDate(iso: "2025-12-31"), "no entry date: value date")
        XCTAssertEqual(first.lines[2].description, "EREF+ABC DEF")
        XCTAssertEqual(first.lines[2].bankTransactionID, "B3")

        let second = statements[1]
        XCTAssertEqual(second.sequence, "6/1")
        XCTAssertEqual(second.lines.count, 1)
        XCTAssertEqual(second.lines[0].valueDate, CivilDate(iso: "2026-01-01"))
        XCTAssertEqual(second.lines[0].bookingDate, CivilDate(iso: "2025-12-31"), "December entry for a January value date")
        XCTAssertEqual(second.lines[0].amount, -6_975)
        XCTAssertEqual(second.lines[0].reference, "X")
        XCTAssertEqual(BalanceCheck.check(second), .balanced)
    }

    func testStructuredDescriptionJoinsFullWidthSlicesWithoutSpace() {
        let text = "166?00GUTSCHRIFT?20SVWZ+Rechnung 2024-0001 Kun?21denkonto 4711?22Danke"
        XCTAssertEqual(
            MT940Description.structuredRemittance(text), "SVWZ+Rechnung 2024-0001 Kundenkonto 4711 Danke")
    }

    func testBalanceMismatchIsReportedNotThrown() throws {
        let text = """
            :20:X
            :25:ACC
            :28C:1
            :60F:C250101EUR10,00
            :61:250102D1,00NTRFNONREF
            :62F:C250102EUR10,00
            """
        let statements = try MT940Reader.parse(Array(text.utf8), fileName: "m.sta")
        guard case .mismatch(let mismatch) = BalanceCheck.check(statements[0]) else {
            return XCTFail("expected a mismatch")
        }
        XCTAssertEqual(mismatch.computedClosing, 900)
        XCTAssertEqual(mismatch.difference, 100)
        let error = BalanceCheck.error(for: mismatch, statement: statements[0], fileName: "m.sta")
        XCTAssertEqual(error.kind, .balanceMismatch)
        XCTAssertEqual(
            error.description,
            "m.sta: line 1: statement of account ACC sequence 1: opening 10.00 + lines -1.00 = 9.00, but closing balance is 10.00")
    }

    func testBadInputIsAnErrorWithLineNeverATrap() {
        let cases: [(String, String)] = [
            (":20:X\n:25:A\n:60F:C250101EUR1,00\n:61:250230C1,00NTRF\n", "line 4: :61: value date '250230' is not a calendar date"),
            (":20:X\n:25:A\n:60F:C250101EUR1,00\n:61:250101X1,00NTRF\n", "line 4: :61: expected debit/credit mark"),
            (":20:X\n:25:A\n:60F:C250101EUR1,001\n", "line 3: :60F: amount '1,001' has 3 fraction digits"),
            (":20:X\n:25:A\n:60F:C250101XXX1,00\n", "line 3: :60F: expected an ISO 4217 currency code after the date, found 'XXX'"),
            (":20:X\n:25:A\n:61:250101C1,00NTRF\n", "line 3: :61: before any :60F:/:60M: balance"),
            (":20:X\n:25:A\n:60F:C250101EUR1,00\n:61:250101C1,00 9ABC\n", "line 4: :61: expected the transaction type (a letter and 3 characters, e.g. NTRF) after the amount, found '9ABC'"),
            (":20:X\n:25:A\n:60F:C2501O1EUR1,00\n", "line 3: :60F: expected the balance date YYMMDD after C, found '2501O1'"),
            (":20:X\n:25:A\n:60F:C250101EUR\n", "line 3: :60F: amount is missing, expected digits with a decimal comma"),
            (":20:X\n:25:A\n:60F:C250101EUR1,00\n:61:2501\n", "line 4: :61: must start with the value date"),
            ("", "no MT940 statement found"),
            (":20:X\n:25:A\n:60F:C250101EUR99999999999999999999,00\n", "not a decimal number"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try MT940Reader.parse(Array(text.utf8), fileName: "bad.sta")) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) should contain \(expected)")
            }
        }
    }

    func testLatin1TextIsDecodedNotLost() throws {
        var bytes = Array(":20:X\n:25:A\n:60F:C250101EUR1,00\n:61:250101C1,00NTRFNONREF\n:86:Gr".utf8)
        bytes += [0xFC, 0xDF]  // "üß" in ISO 8859-1, invalid as UTF-8
        bytes += Array("e\n:62F:C250101EUR2,00\n".utf8)
        let statements = try MT940Reader.parse(bytes, fileName: "latin1.sta")
        XCTAssertEqual(statements[0].lines[0].description, "Grüße")
    }
}
