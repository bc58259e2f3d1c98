import XCTest

@testable import ReconCore

/// BAI2 edge cases, table-driven. Control totals below are worked out by
/// hand: the 49 total is every amount of the 03 record plus every 16 amount.
final class StatementBAI2ReaderTests: XCTestCase {
    /// A valid file: 03 totals 1000 + 1500, one 500 credit; 49 = 3000 over 3
    /// records, 98 over 5 (02 to 98), 99 over 7 (01 to 99).
    static let base = [
        "01,BANK,RECON,260310,0800,7,80,1,2/",
        "02,RECON,BANK,1,260309,2400,EUR,2/",
        "03,ACC,,010,1000,,,015,1500,,/",
        "16,195,500,V,260308,,B1,C1,PAYOUT PO-1/",
        "49,3000,3/",
        "98,3000,1,5/",
        "99,3000,1,7/",
    ]

    /// One account between the base's 01/02 and trailers that repeat the
    /// 49's figures (its total; its record count + 2 and + 4).
    static func file(_ account: [String], groupHeader: String = base[1]) -> String {
        let trailer = account.last { $0.hasPrefix("49,") } ?? "49,0,0/"
        let fields = trailer.dropFirst(3).replacingOccurrences(of: "/", with: "").split(separator: ",", omittingEmptySubsequences: false)
        let total = fields.first.map(String.init) ?? ""
        let records = Int(fields.dropFirst().first ?? "") ?? 0
        return ([base[0], groupHeader] + account + ["98,\(total),1,\(records + 2)/", "99,\(total),1,\(records + 4)/"])
            .joined(separator: "\n")
    }

    static func base(replacing index: Int, with replacement: String...) -> String {
        var lines = base
        lines.replaceSubrange(index...index, with: replacement)
        return lines.joined(separator: "\n")
    }

    static func base(removing index: Int) -> String {
        var lines = base
        lines.remove(at: index)
        return lines.joined(separator: "\n")
    }

    private func parse(_ text: String) throws -> [BankStatement] {
        try BAI2Reader.parse(Array(text.utf8), fileName: "t.bai2")
    }

    func testBaseFile() throws {
        let statements = try parse(Self.base.joined(separator: "\n"))
        XCTAssertEqual(statements.count, 1)
        let statement = statements[0]
        XCTAssertEqual(statement.account, "ACC")
        XCTAssertEqual(statement.currency?.code, "EUR", "the group's currency")
        XCTAssertEqual(statement.openingBalance, 1_000)
        XCTAssertEqual(statement.closingBalance, 1_500)
        XCTAssertEqual(statement.openingDate, CivilDate(iso: "2026-03-09"))
        XCTAssertNil(statement.sequence)
        XCTAssertEqual(statement.lines, [
            BankLine(
                account: "ACC", bookingDate: CivilDate(iso: "2026-03-09")!, valueDate: CivilDate(iso: "2026-03-08"),
                amount: 500, currency: Currency(code: "EUR")!, reference: "C1", description: "PAYOUT PO-1",
                bankTransactionID: "B1", sourceLine: 4)
        ])
        XCTAssertEqual(BalanceCheck.check(statement), .balanced)
    }

    struct Case {
        var name: String
        var account: [String]
        var groupHeader = StatementBAI2ReaderTests.base[1]
        /// (amount, reference, bank id, description, value date) of each line.
        var lines: [(Int64, String?, String?, String, String?)]
        var currency = "EUR"
        var opening: Int64? = 1_000
        var closing: Int64? = 1_500
    }

    static let cases: [Case] = [
        Case(
            name: "16 text continued by 88s: commas and slashes kept, parts joined with a space",
            account: [
                "03,ACC,,010,1000,,,015,1500,,/", "16,195,500,,B1,C1,first part, with comma/", "88,second part",
                "88,  third/part  /", "49,3000,5/",
            ],
            lines: [(500, "C1", "B1", "first part, with comma second part third/part", nil)]),
        Case(
            name: "16 ended by '/' after its customer reference: the 88 is its text",
            account: ["03,ACC,,010,1000,,,015,1500,,/", "16,195,500,,B1,C1/", "88,THE TEXT/", "49,3000,4/"],
            lines: [(500, "C1", "B1", "THE TEXT", nil)]),
        Case(
            name: "16 ended before its references: the 88 goes on with the next field",
            account: ["03,ACC,,010,1000,,,015,1500,,/", "16,195,500,/", "88,B1,C1,TEXT, MORE/", "49,3000,4/"],
            lines: [(500, "C1", "B1", "TEXT, MORE", nil)]),
        Case(
            name: "16 text running on without '/' into the next line, then an 88",
            account: ["03,ACC,,010,1000,,,015,1500,,/", "16,195,500,Z,,,WRAPPED", "  TEXT  /", "88,AND MORE", "49,3000,4/"],
            lines: [(500, nil, nil, "WRAPPED TEXT AND MORE", nil)]),
        Case(
            name: "funds type V: value date and time",
            account: ["03,ACC,,010,1000,,,015,1500,,/", "16,195,500,V,260228,1230,B1,,T/", "49,3000,3/"],
            lines: [(500, nil, "B1", "T", "2026-02-28")]),
        Case(
            name: "funds type S: three availability amounts, not in the control total",
            account: ["03,ACC,,010,1000,,,015,1500,,/", "16,195,500,S,100,200,200,B1,C1,T/", "49,3000,3/"],
            lines: [(500, "C1", "B1", "T", nil)]),
        Case(
            name: "funds type D: two (days, amount) pairs, a debit",
            account: ["03,ACC,,010,2000,,,015,1500,,/", "16,495,500,D,2,1,300,2,200,B1,C1,T/", "49,4000,3/"],
            lines: [(-500, "C1", "B1", "T", nil)],
            opening: 2_000),
        Case(
            name: "funds types 0, 1, 2 and blank add no fields",
            account: [
                "03,ACC,,010,1000,,,015,1500,,/", "16,195,100,0,B0,,/", "16,195,100,1,B1,,/", "16,195,100,2,B2,,/",
                "16,195,100,,B3,,/", "16,195,100,Z,B4,,/", "49,3000,7/",
            ],
            lines: [
                (100, nil, "B0", "", nil), (100, nil, "B1", "", nil), (100, nil, "B2", "", nil),
                (100, nil, "B3", "", nil), (100, nil, "B4", "", nil),
            ]),
        Case(
            name: "890 is information, no bank line; its amount still counts in the 49",
            account: [
                "03,ACC,,010,1000,,,015,1500,,/", "16,890,,,,,NOTE/", "16,890,70,,,,NOTE/", "16,195,500,,,,T/",
                "49,3070,5/",
            ],
            lines: [(500, nil, nil, "T", nil)]),
        Case(
            name: "88 after 03 splits a type code from its amount; summary and item count",
            account: ["03,ACC,,010,1000,,,015/", "88,1500,,,100,500,1,/", "16,195,500,,,,T/", "49,3500,4/"],
            lines: [(500, nil, nil, "T", nil)]),
        Case(
            name: "segments closed with ',/' after a complete group (SVB) and a defaulted group ',,,,'",
            account: ["03,ACC,EUR,,,,,010,1000,,,/", "88,015,1500,,,/", "16,195,500,,,,T/", "49,3000,4/"],
            lines: [(500, nil, nil, "T", nil)]),
        Case(
            name: "signed balances: an overdrawn account",
            account: ["03,ACC,,010,-1000,,,015,+500,,/", "16,195,1500,,,,T/", "49,1000,3/"],
            lines: [(1_500, nil, nil, "T", nil)],
            opening: -1_000, closing: 500),
        Case(
            name: "the account's currency overrides the group's; JPY amounts are yen",
            account: ["03,ACC,JPY,010,1000,,,015,1500,,/", "16,195,500,,,,T/", "49,3000,3/"],
            lines: [(500, nil, nil, "T", nil)], currency: "JPY"),
        Case(
            name: "no currency in the group or the account: USD",
            account: ["03,ACC,,010,1000,,,015,1500,,/", "16,195,500,,,,T/", "49,3000,3/"],
            groupHeader: "02,RECON,BANK,1,260309,,,/",
            lines: [(500, nil, nil, "T", nil)], currency: "USD"),
        Case(
            name: "available balances only (040/045): no balances to check",
            account: ["03,ACC,,040,1000,,,045,9999,,/", "16,195,500,,,,T/", "49,11499,3/"],
            lines: [(500, nil, nil, "T", nil)], opening: nil, closing: nil),
        Case(
            name: "blank 49 control total when the amounts net to zero",
            account: ["03,ACC,,010,0,,/", "49,,2/"],
            lines: [], opening: 0, closing: nil),
    ]

    func testTableOfWellFormedAccounts() throws {
        for testCase in Self.cases {
            let statements: [BankStatement]
            do {
                statements = try parse(Self.file(testCase.account, groupHeader: testCase.groupHeader))
            } catch {
                XCTFail("\(testCase.name): \(error)")
                continue
            }
            XCTAssertEqual(statements.count, 1, testCase.name)
            guard let statement = statements.first else { continue }
            XCTAssertEqual(statement.currency?.code, testCase.currency, testCase.name)
            XCTAssertEqual(statement.openingBalance, testCase.opening, testCase.name)
            XCTAssertEqual(statement.closingBalance, testCase.closing, testCase.name)
            XCTAssertEqual(statement.lines.count, testCase.lines.count, testCase.name)
            for (line, expected) in zip(statement.lines, testCase.lines) {
                XCTAssertEqual(line.amount, expected.0, testCase.name)
                XCTAssertEqual(line.reference, expected.1, testCase.name)
                XCTAssertEqual(line.bankTransactionID, expected.2, testCase.name)
                XCTAssertEqual(line.description, expected.3, testCase.name)
                XCTAssertEqual(line.valueDate, expected.4.flatMap(CivilDate.init(iso:)), testCase.name)
                XCTAssertEqual(line.currency.code, testCase.currency, testCase.name)
                XCTAssertEqual(line.bookingDate, CivilDate(iso: "2026-03-09"), testCase.name)
            }
        }
    }

    /// Several records on one line, CRLF, padding after '/', no final '/'.
    func testLayoutVariants() throws {
        let text =
            "01,BANK,RECON,260310,0800,7,80,1,2/   02,RECON,BANK,1,260309,2400,EUR,2/\r\n"
            + "03,ACC,,010,1000,,,015,1500,,/ 16,195,250,,,,ONE/ 16,195,250,,,,TWO/          \r\n"
            + "49,3000,4/  98,3000,1,6/\r\n"
            + "99,3000,1,8"
        let statement = try XCTUnwrap(try parse(text).first)
        XCTAssertEqual(statement.lines.map(\.description), ["ONE", "TWO"])
        XCTAssertEqual(statement.lines.map(\.sourceLine), [2, 2])
        XCTAssertEqual(BalanceCheck.check(statement), .balanced)
    }
}
