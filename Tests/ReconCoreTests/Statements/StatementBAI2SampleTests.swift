import Foundation
import XCTest

@testable import ReconCore

/// Every BAI2 sample in shared/testdata/bai2 (errors/ included). There is no
/// third-party expected output: the oracle is each file's own trailers, so a
/// file either parses with every 49/98/99 control total and record count
/// confirmed, or is refused with the reason below. The figures asserted for
/// the Citi, NatWest and SVB examples were read off the files by hand.
final class StatementBAI2SampleTests: XCTestCase {
    enum Expected {
        /// Statements, bank lines, and each statement's balance check:
        /// "ok", "none" (no 010/015 pair: the check cannot run) or "MISMATCH".
        case parsed(statements: Int, lines: Int, balances: [String])
        case rejected(String)
    }

    static let expected: [String: Expected] = [
        "ministryofjustice/account_trailer_amount_blank_example.bai2":
            .parsed(statements: 2, lines: 0, balances: ["none", "none"]),
        // Opening and closing ledger are both 100.00 around a 0.01 credit: the
        // trailers add up (20001), the balances do not.
        "ministryofjustice/citi_example.bai2": .parsed(statements: 1, lines: 1, balances: ["MISMATCH"]),
        "ministryofjustice/nwb_example.bai2": .parsed(statements: 1, lines: 5, balances: ["ok"]),
        "ministryofjustice/svb_us_example.bai2": .parsed(statements: 2, lines: 2, balances: ["ok", "ok"]),
        // Available balances (040/045) only: not checked.
        "moov-io/sample1.txt": .parsed(statements: 2, lines: 17, balances: ["none", "none"]),
        // Opening ledger without a closing ledger.
        "moov-io/sample2.txt": .parsed(statements: 5, lines: 4, balances: Array(repeating: "none", count: 5)),
        "moov-io/sample3.txt": .parsed(statements: 15, lines: 26, balances: Array(repeating: "ok", count: 15)),
        "moov-io/errors/sample-parseError.txt": .rejected("line 1: unknown record type '00'"),
        // The upstream samples' trailers do not describe their records
        // (their 49 of account 107049932 says -1260161341762 over 26 records;
        // the account has 18 records adding up to 7999960).
        "moov-io/sample4-continuations-newline-delimited.txt":
            .rejected("line 22: 49 account trailer of account 107049932 (03 on line 5): control total -1260161341762, but the amounts of the account add up to 7999960"),
        "moov-io/sample5-issue113.txt":
            .rejected("line 22: 49 account trailer of account 107049932 (03 on line 5): control total -1260161341762, but the amounts of the account add up to 7999960"),
    ]

    private static func samples() -> [(relative: String, url: URL)] {
        StatementTestData.files(in: "bai2").filter { !$0.relative.hasSuffix(".md") && !$0.relative.hasPrefix("LICENSES/") }
    }

    func testEveryBAI2SampleParsesWithTotalsCheckedOrIsRefusedWithAReason() throws {
        let files = Self.samples()
        try XCTSkipIf(files.isEmpty, "shared/testdata/bai2 not found; set RECON_TESTDATA")
        XCTAssertEqual(Set(files.map(\.relative)), Set(Self.expected.keys), "every sample is classified, and only samples")
        var tally: [String] = []
        for file in files {
            guard let expected = Self.expected[file.relative] else { continue }
            let bytes = try StatementTestData.bytes(file.url)
            do {
                let statements = try StatementReader.parse(bytes, fileName: file.relative, format: .bai2)
                let balances = statements.map { statement -> String in
                    switch BalanceCheck.check(statement) {
                    case .balanced: return "ok"
                    case .notApplicable: return "none"
                    case .mismatch: return "MISMATCH"
                    }
                }
                let lines = statements.map(\.lines.count).reduce(0, +)
                tally.append("  parsed   \(file.relative): \(statements.count) statements, \(lines) lines \(balances)")
                guard case .parsed(let count, let lineCount, let expectedBalances) = expected else {
                    XCTFail("\(file.relative) parsed, expected a refusal")
                    continue
                }
                XCTAssertEqual(statements.count, count, file.relative)
                XCTAssertEqual(lines, lineCount, file.relative)
                XCTAssertEqual(balances, expectedBalances, file.relative)
            } catch {
                tally.append("  refused  \(error)")
                XCTAssertEqual(error.fileName, file.relative)
                guard case .rejected(let reason) = expected else {
                    XCTFail("\(file.relative) refused: \(error)")
                    continue
                }
                XCTAssertTrue(error.description.contains(reason), "\(error) should say \(reason)")
            }
        }
        XCTAssertTrue(files.contains { $0.relative.hasPrefix("moov-io/errors/") }, "the broken samples are part of the run")
        print("bai2 samples: \(files.count) files\n" + tally.joined(separator: "\n"))
    }

    /// Content detection picks BAI2 for every sample that starts with 01.
    func testSamplesAreDetectedByContent() throws {
        for file in Self.samples() where !file.relative.hasPrefix("moov-io/errors/") {
            let bytes = try StatementTestData.bytes(file.url)
            XCTAssertEqual(StatementFormat.detect(data: bytes, fileName: "statement.txt"), .bai2, file.relative)
        }
    }

    private func statements(_ relative: String) throws -> [BankStatement] {
        let file = try XCTUnwrap(Self.samples().first { $0.relative == relative }, "\(relative) not found")
        return try BAI2Reader.parse(try StatementTestData.bytes(file.url), fileName: relative)
    }

    /// 16,191,001,V,150715,,1234567890,RP12312312312312/ and seven 88 texts.
    func testCitiExample() throws {
        let statements = try statements("ministryofjustice/citi_example.bai2")
        let statement = try XCTUnwrap(statements.first)
        XCTAssertEqual(statement.account, "77777777")
        XCTAssertEqual(statement.currency?.code, "GBP")
        XCTAssertEqual(statement.openingBalance, 10_000)
        XCTAssertEqual(statement.closingBalance, 10_000)
        XCTAssertEqual(statement.sourceLine, 3)
        let line = try XCTUnwrap(statement.lines.first)
        XCTAssertEqual(line.amount, 1, "001 is one penny: amounts are whole minor units")
        XCTAssertEqual(line.bookingDate, CivilDate(iso: "2015-07-15"), "the group's as-of date")
        XCTAssertEqual(line.valueDate, CivilDate(iso: "2015-07-15"), "funds type V")
        XCTAssertEqual(line.reference, "RP12312312312312", "customer reference")
        XCTAssertEqual(line.bankTransactionID, "1234567890", "bank reference")
        XCTAssertEqual(line.sourceLine, 4)
        XCTAssertTrue(line.description.hasPrefix("FR:FP SIP INCOMING ENDT:20150715 TRID:RP12312312312312 PY:"), line.description)
        XCTAssertTrue(line.description.hasSuffix("BI:22222222 OB:111111 BUCKINGHAM PALACE OB3:BARCLAYS BANK PLC BO:11111111 BO1:DOE JO"), line.description)
        guard case .mismatch(let mismatch) = BalanceCheck.check(statement) else { return XCTFail("expected a mismatch") }
        XCTAssertEqual(mismatch.computedClosing, 10_001)
        XCTAssertEqual(mismatch.difference, -1)
    }

    /// Four 699 debits and a 399 credit with their texts in 88s, the 03
    /// summary continued by an 88, GBP on the account of a group without currency.
    func testNatWestExample() throws {
        let statement = try XCTUnwrap(try statements("ministryofjustice/nwb_example.bai2").first)
        XCTAssertEqual(statement.account, "88888888 600004")
        XCTAssertEqual(statement.currency?.code, "GBP")
        XCTAssertEqual(statement.openingBalance, 36_521)
        XCTAssertEqual(statement.closingBalance, 33_845)
        XCTAssertEqual(statement.lines.map(\.amount), [-971, -100, -123, -1_571, 89])
        XCTAssertEqual(statement.lines.map(\.sourceLine), [5, 7, 9, 11, 13])
        XCTAssertEqual(Set(statement.lines.map(\.bookingDate)), [CivilDate(iso: "2009-12-16")!])
        XCTAssertTrue(statement.lines.allSatisfy { $0.reference == nil && $0.bankTransactionID == nil && $0.valueDate == nil })
        XCTAssertEqual(statement.lines[0].description, "LVP XBANKGO24007664SJ LVP INT 2 USAXBANKGO24007664SJ LVP INT 2 USARELAY TFR")
        XCTAssertEqual(
            statement.lines[4].description,
            "TFR XBANKGO24007680SJ CAT JPY 2 GBPXBANKGO24007680BGC INTERNATIONAL-5373 CLIE NT SECCY AC TFR",
            "two 88s joined with one space")
        XCTAssertEqual(BalanceCheck.check(statement), .balanced)
    }

    /// Two groups (as-of 2022-02-01 and -02) of one account, the 03 summary
    /// continued by three 88s, and a last record without its '/'.
    func testSVBExample() throws {
        let statements = try statements("ministryofjustice/svb_us_example.bai2")
        XCTAssertEqual(statements.map(\.account), ["1234567890", "1234567890"])
        XCTAssertEqual(statements.map { $0.currency?.code }, ["USD", "USD"])
        XCTAssertEqual(statements.map(\.openingBalance), [34_726_979, 35_217_175])
        XCTAssertEqual(statements.map(\.closingBalance), [35_217_175, 36_122_975])
        let lines = statements.flatMap(\.lines)
        XCTAssertEqual(lines.map(\.amount), [490_196, 905_800])
        XCTAssertEqual(lines.map(\.bookingDate), [CivilDate(iso: "2022-02-01")!, CivilDate(iso: "2022-02-02")!])
        XCTAssertEqual(lines.map(\.bankTransactionID), ["172629", "150675"])
        XCTAssertEqual(lines.map(\.reference), [nil, nil])
        XCTAssertEqual(lines.map(\.description), ["SOME PAYMENT ACH OFFSET", "SOME PAYMENT ACH OFFSET"])
        XCTAssertEqual(lines.map(\.sourceLine), [7, 16])
        XCTAssertEqual(statements.map(BalanceCheck.check), [.balanced, .balanced])
    }

    func testMoovSamplesFigures() throws {
        let first = try statements("moov-io/sample1.txt")
        XCTAssertEqual(first.map { $0.currency?.code }, ["CAD", "CAD"])
        XCTAssertEqual(first[0].lines[0].amount, -2_500, "409 RETURNED CHEQUE is a debit")
        XCTAssertEqual(first[0].lines[0].description, "RETURNED CHEQUE", "fixed-width padding dropped")
        XCTAssertEqual(first[0].lines[0].valueDate, CivilDate(iso: "2006-03-16"))
        XCTAssertEqual(first[0].lines[0].bookingDate, CivilDate(iso: "2006-03-17"))
        XCTAssertEqual(first[1].lines.map(\.amount).reduce(0, +), 0, "credits 1115.00 = debits 1115.00")

        let second = try statements("moov-io/sample2.txt")
        XCTAssertEqual(second.map(\.openingBalance), [4_350_000, -500_000, 10_000_000, 500_000, 800_000])
        let credit = second[2].lines[0]
        XCTAssertEqual(credit.amount, 20_000_000)
        XCTAssertEqual(credit.valueDate, CivilDate(iso: "2004-06-22"))
        XCTAssertEqual(credit.bankTransactionID, "SP4738")
        XCTAssertEqual(credit.reference, "YRC065321")
        XCTAssertEqual(credit.description, "PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL CO")
        XCTAssertEqual(second[1].lines[0].description, "LOCK BOX NO.68751", "after funds type S and its three amounts")

        let third = try statements("moov-io/sample3.txt")
        XCTAssertEqual(third[0].lines.map(\.amount), [2_500, 500, 100, -2_500, -600, -100], "several records on one line")
        XCTAssertEqual(
            third[7].lines[0].description,
            "111111     ACH_SETL           1111111111 111111111111111 1111111111",
            "a 16 text wrapped onto a line without 88, then an 88")
    }
}
