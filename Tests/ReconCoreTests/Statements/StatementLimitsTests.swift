import Foundation
import XCTest

@testable import ReconCore

/// Every limit of ``StatementLimits`` refuses the hostile shape of issue 15
/// with the limit, the line and the element named; just under a limit the
/// same shape is read. (No timing here: speed is ops/bench's.)
final class StatementLimitsTests: XCTestCase {
    static func camt(_ body: String, prolog: String = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") -> Data {
        Data(
            (prolog
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt><Id>1</Id>\n"
                + "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n" + body
                + "</Stmt></BkToCstmrStmt></Document>\n").utf8)
    }

    static func entry(info: String) -> String {
        "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-01-01</Dt></BookgDt>"
            + "<AddtlNtryInf>\(info)</AddtlNtryInf></Ntry>\n"
    }

    private func refusal(_ data: Data, file: StaticString = #filePath, line: UInt = #line) -> StatementError? {
        do {
            _ = try CamtReader.parse(data, fileName: "x.xml")
            XCTFail("accepted", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func testDeepNestingIsRefusedAtTheLimitWithLineAndPath() throws {
        // Document/BkToCstmrStmt/Stmt/Ntry/AddtlNtryInf is 5 deep.
        let within = String(repeating: "<a>", count: StatementLimits.elementDepthMax - 5) + String(repeating: "</a>", count: StatementLimits.elementDepthMax - 5)
        XCTAssertEqual(try CamtReader.parse(Self.camt(Self.entry(info: within)), fileName: "ok.xml")[0].lines.count, 1)
        let deep = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        let error = try XCTUnwrap(refusal(Self.camt(Self.entry(info: deep))))
        XCTAssertEqual(error.kind, .limitExceeded)
        XCTAssertEqual(error.location, "line 4, Document/BkToCstmrStmt/Stmt/Ntry/…(57 more)…/a/a/a/a")
        XCTAssertEqual(error.message, "element <a> is nested 65 deep, over the limit of 64 (camt.053 needs about 14)")
    }

    func testLongTextIsRefusedNamingTheElement() throws {
        let at = String(repeating: "x", count: StatementLimits.elementTextBytesMax)
        XCTAssertEqual(try CamtReader.parse(Self.camt(Self.entry(info: at)), fileName: "ok.xml")[0].lines[0].description, at)
        let error = try XCTUnwrap(refusal(Self.camt(Self.entry(info: at + "x"))))
        XCTAssertEqual(error.kind, .limitExceeded)
        XCTAssertEqual(error.location, "line 4, Document/BkToCstmrStmt/Stmt/Ntry/AddtlNtryInf")
        XCTAssertEqual(error.message, "text of element AddtlNtryInf is longer than the limit of 64 KiB per element")
        // The same text in a CDATA section.
        let cdata = try XCTUnwrap(refusal(Self.camt(Self.entry(info: "<![CDATA[" + at + "x]]>"))))
        XCTAssertEqual(cdata.kind, .limitExceeded)
    }

    func testDTDIsRefusedOutright() throws {
        for prolog in [
            "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY e \"boom\">]>\n",
            "<!DOCTYPE Document SYSTEM \"file:///etc/passwd\">\n",
        ] {
            let error = try XCTUnwrap(refusal(Self.camt(Self.entry(info: "x"), prolog: prolog)))
            XCTAssertEqual(error.kind, .limitExceeded)
            XCTAssertEqual(error.message, "camt.053 files carry no DTD: '<!DOCTYPE' is refused")
            XCTAssertTrue(error.location.hasPrefix("line "), error.location)
        }
        // A comment is no DTD.
        XCTAssertNoThrow(try CamtReader.parse(Self.camt("<!-- a <!DOCTYPE in a comment -->" + Self.entry(info: "x")), fileName: "c.xml"))
    }

    func testWideTagIsRefused() throws {
        let attributes = (0..<33).map { " a\($0)=\"v\"" }.joined()
        let error = try XCTUnwrap(refusal(Self.camt("<Ntry\(attributes)>" + "</Ntry>")))
        XCTAssertEqual(error.kind, .limitExceeded)
        XCTAssertEqual(error.message, "element <Ntry> has more than 32 attributes, over the limit (camt.053 elements carry one or two)")
        let long = try XCTUnwrap(refusal(Self.camt("<Ntry a=\"" + String(repeating: "v", count: 70_000) + "\"></Ntry>")))
        XCTAssertTrue(long.message.hasPrefix("markup (a tag with its attributes, a comment or a CDATA section) starting on line 4"), long.message)
        XCTAssertEqual(long.location, "line 4, Document/BkToCstmrStmt/Stmt")
    }

    func testBankLineAndStatementSizeAreBounded() throws {
        // Twenty Ustrd of 4 KB each: every element is within its limit, the line is not.
        let ustrd = (0..<20).map { _ in "<Ustrd>" + String(repeating: "y", count: 4000) + "</Ustrd>" }.joined()
        let entry = "<Ntry><Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-01-01</Dt></BookgDt>"
            + "<NtryDtls><TxDtls><RmtInf>\(ustrd)</RmtInf></TxDtls></NtryDtls></Ntry>\n"
        let error = try XCTUnwrap(refusal(Self.camt(entry)))
        XCTAssertEqual(error.kind, .limitExceeded)
        XCTAssertEqual(error.location, "line 4, Document/BkToCstmrStmt/Stmt/Ntry")
        XCTAssertEqual(error.message, "bank line text (Ntry) is 80019 bytes, over the limit of 64 KiB per bank line")

        var counter = StatementSizeCounter()
        let line = BankLine(
            account: "A", bookingDate: CivilDate(iso: "2026-01-01")!, valueDate: nil, amount: 1, currency: Currency(code: "EUR")!,
            reference: nil, description: String(repeating: "z", count: 60_000), bankTransactionID: nil, sourceLine: 1)
        var thrown: StatementError?
        for index in 0..<2_000 {
            do { try counter.add(line, fileName: "s", location: "line \(index)", element: "Ntry") } catch {
                thrown = error
                break
            }
        }
        XCTAssertEqual(thrown?.location, "line 1118")
        XCTAssertEqual(thrown?.message, "statement's bank lines hold more than 64 MiB of text (limit per statement, at Ntry)")
    }

    func testMT940LineAndFieldLimits() throws {
        let head = ":20:X\n:25:A\n:60F:C250101EUR1,00\n:61:250101C1,00NTRFREF\n"
        let longLine = head + ":86:" + String(repeating: "w", count: StatementLimits.physicalLineBytesMax) + "\n"
        XCTAssertThrowsError(try MT940Reader.parse(Array(longLine.utf8), fileName: "l.sta")) { error in
            XCTAssertEqual("\(error)", "l.sta: line 5: line is 65540 bytes, over the limit of 64 KiB per line (in field :61:)")
        }
        let continuation = String(repeating: String(repeating: "v", count: 60) + "\n", count: 1_200)
        XCTAssertThrowsError(try MT940Reader.parse(Array((head + ":86:x\n" + continuation).utf8), fileName: "f.sta")) { error in
            XCTAssertTrue("\(error)".hasPrefix("f.sta: line 5: field :86: with its continuation lines is longer than the limit of 64 KiB per field"), "\(error)")
        }
    }

    func testBAI2LineAndRecordLimits() throws {
        let long = "01,B,R,261121,0600,1,80,1,2/\n02,R,B,1,261120,2400,USD,2/\n03,1,,010,1,,/\n16,195,1,,BR,,"
            + String(repeating: "t", count: StatementLimits.physicalLineBytesMax) + "/\n"
        XCTAssertThrowsError(try BAI2Reader.parse(Array(long.utf8), fileName: "b.bai")) { error in
            XCTAssertEqual("\(error)", "b.bai: line 4: line is 65551 bytes, over the limit of 64 KiB per line (record 16)")
        }
        let many = "01,B,R,261121,0600,1,80,1,2/\n02,R,B,1,261120,2400,USD,2/\n03,1,,010,1,,/\n16,195,1,,BR,,x/\n"
            + String(repeating: "88,/\n", count: 20_000)
        XCTAssertThrowsError(try BAI2Reader.parse(Array(many.utf8), fileName: "m.bai")) { error in
            XCTAssertTrue("\(error)".hasPrefix("m.bai: line 4: 16 record with its 88 continuations is longer than the limit of 64 KiB per record"), "\(error)")
        }
    }

    func testBankCSVFieldAndLineLimits() throws {
        let header = BankCSVReader.headerText + "\n"
        let field = header + "A,2026-01-01,,1.00,EUR,R,\"" + String(repeating: "d\n", count: 40_000) + "\",\n"
        XCTAssertThrowsError(try BankCSVReader.parse(Array(field.utf8), fileName: "c.csv")) { error in
            XCTAssertEqual("\(error)", "c.csv: line 2: field 'description' (column 7) is longer than the limit of 64 KiB per field")
        }
        let line = header + "A,2026-01-01,,1.00,EUR,R," + String(repeating: "d", count: 70_000) + ",\n"
        XCTAssertThrowsError(try BankCSVReader.parse(Array(line.utf8), fileName: "l.csv")) { error in
            XCTAssertTrue("\(error)".hasPrefix("l.csv: line 2: "), "\(error)")
            XCTAssertEqual((error as? StatementError)?.kind, .limitExceeded)
        }
    }

    /// The fast trim gives what Foundation's `.whitespacesAndNewlines` gave.
    func testTrimmingMatchesFoundation() {
        for text in ["", " ", "x", " x ", "\n\t x y \r\n", "\u{00A0}x\u{00A0}", " \u{2028}é ", "€ ", "a\u{3000}"] {
            XCTAssertEqual(CamtParserDelegate.trimmed(text), text.trimmingCharacters(in: .whitespacesAndNewlines), text.debugDescription)
        }
    }
}
