import XCTest

@testable import ReconCore

final class ReportCSVWriterTests: XCTestCase {
    func testHeaderRowAndLineFeedLineEnds() {
        var writer = CSVWriter(header: ["a", "b"])
        writer.append([.ownValue("1"), .ownValue(nil)])
        XCTAssertEqual(writer.finished(), "a,b\n1,\n")
    }

    func testQuotesOnlyWhenNeededAndDoublesQuotes() {
        XCTAssertEqual(CSVWriter.quotedIfNeeded("plain text"), "plain text")
        XCTAssertEqual(CSVWriter.quotedIfNeeded("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVWriter.quotedIfNeeded("say \"hi\""), "\"say \"\"hi\"\"\"")
        XCTAssertEqual(CSVWriter.quotedIfNeeded("two\nlines"), "\"two\nlines\"")
        XCTAssertEqual(CSVWriter.quotedIfNeeded("cr\rhere"), "\"cr\rhere\"")
        XCTAssertEqual(CSVWriter.quotedIfNeeded(""), "")
    }

    func testEveryDangerousLeadingCharacterIsPrefixed() {
        for text in ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"x\")"] {
            XCTAssertEqual(CSVCellProtection.protect(text), "'" + text, "for \(text.debugDescription)")
        }
    }

    func testHarmlessTextIsUnchanged() {
        for text in ["", "abc", " =1", "1-2", "'quoted", "é=", "\n=1"] {
            XCTAssertEqual(CSVCellProtection.protect(text), text, "for \(text.debugDescription)")
        }
    }

    func testOwnValuesAreNeverPrefixed() {
        var writer = CSVWriter(header: ["amount", "text"])
        writer.append([.ownValue("-12.50"), .inputText("-12.50")])
        XCTAssertEqual(writer.finished(), "amount,text\n-12.50,'-12.50\n")
    }

    func testProtectedCellThatNeedsQuotesIsQuotedAfterPrefixing() {
        var writer = CSVWriter(header: ["text"])
        writer.append([.inputText("=1,\"2\"")])
        writer.append([.inputText("\rnext")])
        XCTAssertEqual(writer.finished(), "text\n\"'=1,\"\"2\"\"\"\n\"'\rnext\"\n")
    }

    /// What we write, the project's RFC 4180 reader reads back cell for cell
    /// (with the protection prefix, which is part of the cell).
    func testOutputReadsBackWithTheProjectCSVReader() throws {
        let note = "a \"quoted\", multi\nline note\r\nwith CRLF"
        var writer = CSVWriter(header: ["id", "note", "amount"])
        writer.append([.inputText("=cmd"), .inputText(note), .ownValue("-0.01")])
        writer.append([.inputText(nil), .inputText(""), .ownValue(nil)])
        var reader = CSVReader(ByteArrayStream(Array(writer.finished().utf8)), skipsBlankLines: false)
        XCTAssertEqual(try reader.readHeader().fields, ["id", "note", "amount"])
        var rows: [[String]] = []
        while let result = try reader.next() {
            guard case .record(let record) = result else { return XCTFail("malformed: \(result)") }
            rows.append(record.fields)
        }
        XCTAssertEqual(rows, [["'=cmd", note, "-0.01"], ["", "", ""]])
    }
}
