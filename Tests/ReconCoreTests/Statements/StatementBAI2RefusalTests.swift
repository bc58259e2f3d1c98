import XCTest

@testable import ReconCore

/// BAI2 files recon refuses, each with the line and the reason an operator
/// needs. Every case is the valid base file of StatementBAI2ReaderTests with
/// one thing broken.
final class StatementBAI2RefusalTests: XCTestCase {
    typealias Base = StatementBAI2ReaderTests

    static let cases: [(name: String, text: String, expected: String)] = [
        ("negative 16 amount", Base.base(replacing: 3, with: "16,195,-500,,,,T/"),
         "line 4: 16 detail of account ACC: amount '-500' has a sign: detail amounts are unsigned"),
        ("blank 16 amount", Base.base(replacing: 3, with: "16,195,,,,,T/"),
         "line 4: 16 detail of account ACC: type code 195 has no amount"),
        ("amount with a decimal point", Base.base(replacing: 3, with: "16,195,5.00,,,,T/"),
         "line 4: 16 detail of account ACC: amount '5.00' has a decimal separator"),
        ("amount beyond 64 bits", Base.base(replacing: 3, with: "16,195,99999999999999999999,,,,T/"),
         "line 4: 16 detail of account ACC: amount '99999999999999999999' does not fit in 64 bits"),
        ("bad 49 control total", Base.base(replacing: 4, with: "49,3001,3/"),
         "line 5: 49 account trailer of account ACC (03 on line 3): control total 3001, but the amounts of the account add up to 3000"),
        ("bad 49 record count", Base.base(replacing: 4, with: "49,3000,4/"),
         "line 5: 49 account trailer of account ACC (03 on line 3): 4 records announced, but the account has 3"),
        ("49 without record count", Base.base(replacing: 4, with: "49,3000/"),
         "line 5: 49 account trailer of account ACC (03 on line 3): number of records is missing"),
        ("bad 98 control total", Base.base(replacing: 5, with: "98,3100,1,5/"),
         "line 6: 98 group trailer (02 on line 2): control total 3100, but its accounts add up to 3000"),
        ("bad 98 account count", Base.base(replacing: 5, with: "98,3000,2,5/"),
         "line 6: 98 group trailer (02 on line 2): 2 accounts announced, but 1 found"),
        ("bad 99 record count", Base.base(replacing: 6, with: "99,3000,1,8/"),
         "line 7: 99 file trailer: 8 records announced, but 7 found"),
        ("bad 99 group count", Base.base(replacing: 6, with: "99,3000,2,7/"),
         "line 7: 99 file trailer: 2 groups announced, but 1 found"),
        ("missing 49", Base.base(removing: 4),
         "line 5: 98 record before the 49 trailer of account ACC (03 on line 3)"),
        ("missing 98", Base.base(removing: 5),
         "line 6: 99 file trailer before the 98 trailer of the group on line 2"),
        ("missing 99", Base.base(removing: 6),
         "line 1: the file ends too early: the file of line 1 has no 99 trailer; it may be truncated"),
        ("truncated inside an account", Base.base.prefix(4).joined(separator: "\n"),
         "line 1: the file ends too early: account ACC (03 on line 3) has no 49 trailer"),
        ("88 before any record", "88,MORE/\n" + Base.base.joined(separator: "\n"),
         "line 1: 88 continuation record with no record before it to continue"),
        ("bank-defined type code", Base.base(replacing: 3, with: "16,901,500,,,,T/"),
         "line 4: 16 detail of account ACC: type code 901 is bank-defined (900-999)"),
        ("loan type code", Base.base(replacing: 3, with: "16,721,500,,,,T/"),
         "line 4: 16 detail of account ACC: type code 721 is a loan code (700-799)"),
        ("status code in a 16", Base.base(replacing: 3, with: "16,015,500,,,,T/"),
         "line 4: 16 detail of account ACC: type code 015 is an account status code"),
        ("type code of two digits", Base.base(replacing: 3, with: "16,95,500,,,,T/"),
         "line 4: 16 detail of account ACC: type code '95' is not three digits"),
        ("unknown funds type", Base.base(replacing: 3, with: "16,195,500,X,,,T/"),
         "line 4: 16 detail of account ACC: funds type 'X' is not one of 0, 1, 2, S, V, D, Z"),
        ("funds type D short of its distributions", Base.base(replacing: 3, with: "16,195,500,D,3,1,500/"),
         "line 4: 16 detail of account ACC: funds type D announces 3 distributions, but the record ends after 1"),
        ("funds type V with February 30", Base.base(replacing: 3, with: "16,195,500,V,260230,,B1,C1,T/"),
         "line 4: 16 detail of account ACC: funds type V value date '260230' is not a YYMMDD calendar date"),
        ("funds type S amount not a number", Base.base(replacing: 3, with: "16,195,500,S,1x,,,B1,C1,T/"),
         "line 4: 16 detail of account ACC: funds type S immediate amount '1x' is not a whole number"),
        ("opening ledger twice", Base.base(replacing: 2, with: "03,ACC,,010,1000,,,010,1000,,/"),
         "line 3: 03 account ACC: type code 010 is given twice"),
        ("unknown account currency", Base.base(replacing: 2, with: "03,ACC,XYZ,010,1000,,,015,1500,,/"),
         "line 3: 03 account ACC: currency 'XYZ' is not an ISO 4217 code"),
        ("03 without account number", Base.base(replacing: 2, with: "03,,,010,1000,,,015,1500,,/"),
         "line 3: 03 account identifier has no account number"),
        ("summary amount without type code", Base.base(replacing: 2, with: "03,ACC,,,1000,,,015,1500,,/"),
         "line 3: 03 account ACC: amount '1000' has no type code"),
        ("group status 4", Base.base(replacing: 1, with: "02,RECON,BANK,4,260309,2400,EUR,2/"),
         "line 2: 02 group status 4 (test only): test data is not imported"),
        ("group status 2", Base.base(replacing: 1, with: "02,RECON,BANK,2,260309,2400,EUR,2/"),
         "line 2: 02 group status 2 (deletion)"),
        ("as-of date missing", Base.base(replacing: 1, with: "02,RECON,BANK,1,,2400,EUR,2/"),
         "line 2: 02 group header: as-of date is missing"),
        ("BAI version 1", Base.base(replacing: 0, with: "01,BANK,RECON,260310,0800,7,80,1,1/"),
         "line 1: 01 file header says version '1': recon reads BAI version 2"),
        ("second 01 header", Base.base(replacing: 1, with: Base.base[0], Base.base[1]),
         "line 2: a second 01 file header (the first is on line 1)"),
        ("no 01 header", Array(Base.base.dropFirst()).joined(separator: "\n"),
         "line 1: the file starts with a 02 record, not with the 01 file header"),
        ("16 before any 03", Base.base(removing: 2),
         "line 3: 16 transaction detail outside an account"),
        ("record after the 99", Base.base.joined(separator: "\n") + "\n16,195,1,,,,T/",
         "line 8: 16 record after the 99 file trailer on line 7"),
        ("unknown record type", Base.base(replacing: 3, with: "17,195,500,,,,T/"),
         "line 4: unknown record type '17'"),
        ("a line that is no record", Base.base(replacing: 4, with: "49,3000,3/", "GARBAGE"),
         "line 6: 'GARBAGE' is not a BAI2 record"),
        ("raw line after a 16 that ended with '/'", Base.base(replacing: 3, with: "16,195,500,,,,T/", "MORE TEXT"),
         "line 5: 'MORE TEXT' is not a BAI2 record"),
        ("empty file", "  \n\n", "line 1: no BAI2 records found"),
    ]

    func testTableOfRefusals() {
        for (name, text, expected) in Self.cases {
            XCTAssertThrowsError(try BAI2Reader.parse(Array(text.utf8), fileName: "bad.bai2"), name) { error in
                let description = "\(error)"
                XCTAssertTrue(description.hasPrefix("bad.bai2: "), "\(name): \(description)")
                XCTAssertTrue(description.contains(expected), "\(name): \(description)\n  should contain: \(expected)")
            }
        }
    }

    /// Random bytes and every prefix of a real file: an answer or a
    /// StatementError, never a trap.
    func testTruncationsAndNoiseNeverTrap() {
        let text = Base.base.joined(separator: "\n")
        let bytes = Array(text.utf8)
        for length in 0..<bytes.count {
            _ = try? BAI2Reader.parse(Array(bytes.prefix(length)), fileName: "cut.bai2")
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789,/ \n-+VSDZ.".utf8)
        for _ in 0..<2_000 {
            var noisy = bytes
            for _ in 0..<4 {
                noisy[Int.random(in: 0..<noisy.count, using: &generator)] = alphabet.randomElement(using: &generator)!
            }
            _ = try? BAI2Reader.parse(noisy, fileName: "noise.bai2")
        }
    }

    func testDetection() {
        func detect(_ text: String, _ name: String = "x") -> StatementFormat? {
            StatementFormat.detect(data: Array(text.utf8), fileName: name)
        }
        XCTAssertEqual(detect("01,BANK,RECON,260310,0800,7,80,1,2/\n02,"), .bai2)
        XCTAssertEqual(detect("\u{FEFF}\n  01,BANK,RECON,260310,0800,7,80,1,2/"), .bai2)
        XCTAssertEqual(detect("hello", "statement.BAI2"), .bai2)
        XCTAssertEqual(detect("account,booking_date,value_date,amount,currency,reference,description,bank_txn_id\n"), .csv)
        XCTAssertNil(detect("00,0004,1/2/345", "sample.txt"))
    }
}
