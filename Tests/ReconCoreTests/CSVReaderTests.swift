import Foundation
@testable import ReconCore
import XCTest

final class CSVReaderTests: XCTestCase {
    private func readAll(
        _ text: String, maxFieldBytes: Int = 64 * 1024, maxFieldCount: Int = 512
    ) throws -> [CSVReadResult] {
        try readAll(Array(text.utf8), maxFieldBytes: maxFieldBytes, maxFieldCount: maxFieldCount)
    }

    private func readAll(
        _ bytes: [UInt8], maxFieldBytes: Int = 64 * 1024, maxFieldCount: Int = 512
    ) throws -> [CSVReadResult] {
        var reader = CSVReader(
            ByteArrayStream(bytes), maxFieldBytes: maxFieldBytes, maxFieldCount: maxFieldCount)
        var results: [CSVReadResult] = []
        while let result = try reader.next() { results.append(result) }
        return results
    }

    private func record(_ line: Int, _ fields: [String]) -> CSVReadResult {
        .record(CSVRecord(line: line, fields: fields))
    }

    private func malformed(_ line: Int, _ reason: CSVMalformedRow.Reason, field: Int?) -> CSVReadResult {
        .malformed(CSVMalformedRow(line: line, reason: reason, fieldNumber: field))
    }

    func testCSVSpectrum() throws {
        let names = try TestData.files(in: "csv/csvs", suffix: ".csv")
        XCTAssertEqual(names.count, 11)
        for name in names {
            let base = String(name.dropLast(4))
            var reader = CSVReader(ByteArrayStream(try TestData.bytes("csv/csvs/\(name)")))
            let header = try reader.readHeader().fields
            var rows: [[String: String]] = []
            while let result = try reader.next() {
                guard case .record(let record) = result else {
                    XCTFail("\(name): unexpected \(result)")
                    continue
                }
                XCTAssertEqual(record.fieldCount, header.count, name)
                rows.append(Dictionary(uniqueKeysWithValues: zip(header, record.fields)))
            }
            let expectedJSON = try Data(contentsOf: TestData.url("csv/json/\(base).json"))
            let expected = try JSONSerialization.jsonObject(with: expectedJSON) as? [[String: String]]
            XCTAssertEqual(rows, expected, name)
        }
    }

    func testLineNumbersCountPhysicalLinesInsideQuotes() throws {
        let results = try readAll("a,b\n\"x\ny\",1\n2,\"p\r\nq\r\nr\"\n3,4")
        XCTAssertEqual(
            results,
            [record(1, ["a", "b"]), record(2, ["x\ny", "1"]), record(4, ["2", "p\r\nq\r\nr"]), record(7, ["3", "4"])])
    }

    func testCRLFAndBOMAndFinalLineWithoutNewline() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,name\r\n1,\"a,b\"\r\n2,c".utf8)
        XCTAssertEqual(
            try readAll(bytes), [record(1, ["id", "name"]), record(2, ["1", "a,b"]), record(3, ["2", "c"])])
    }

    func testBOMOnlyAtStartIsSkipped() throws {
        let bytes: [UInt8] = Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8)
        XCTAssertEqual(try readAll(bytes), [record(1, ["a"]), record(2, ["\u{FEFF}b"])])
    }

    func testEmptyFieldsAndEscapedQuotes() throws {
        XCTAssertEqual(
            try readAll(",\"\",\"say \"\"hi\"\"\",\n"), [record(1, ["", "", "say \"hi\"", ""])])
    }

    func testBlankLinesAreSkippedButQuotedEmptyFieldIsARecord() throws {
        XCTAssertEqual(
            try readAll("a\n\n\r\n\"\"\nb\n\n"), [record(1, ["a"]), record(4, [""]), record(5, ["b"])])
    }

    func testMalformedRowsAreReportedAndReadingContinues() throws {
        let text = """
            h1,h2
            "open,1
            """ + "\n"
        // The unterminated quote swallows the rest of the file.
        XCTAssertEqual(try readAll(text), [record(1, ["h1", "h2"]), malformed(2, .unterminatedQuote, field: 1)])

        let results = try readAll("h1,h2\n\"a\"x,1\nok,2\nb\"c,3\nd\re,4\n5,\"q\"\"\" z\n6,7\n")
        XCTAssertEqual(
            results,
            [
                record(1, ["h1", "h2"]),
                malformed(2, .garbageAfterClosingQuote, field: 1),
                record(3, ["ok", "2"]),
                malformed(4, .quoteInUnquotedField, field: 1),
                malformed(5, .bareCarriageReturn, field: 1),
                malformed(6, .garbageAfterClosingQuote, field: 2),
                record(7, ["6", "7"]),
            ])
    }

    func testGarbageAfterQuoteKeepsQuoteStateToFindRecordEnd() throws {
        // After the bad field, a later quoted field with a newline still belongs to the row.
        XCTAssertEqual(
            try readAll("\"a\"b,\"x\ny\"\nnext\n"),
            [malformed(1, .garbageAfterClosingQuote, field: 1), record(3, ["next"])])
    }

    func testInvalidUTF8AndNulAreRejectedPerField() throws {
        let bytes: [UInt8] = Array("a,b\n".utf8) + [0x61, 0xC3, 0x2C, 0xA9, 0x0A] + Array("x,\0\nok,1\n".utf8)
        XCTAssertEqual(
            try readAll(bytes),
            [
                record(1, ["a", "b"]), malformed(2, .invalidUTF8, field: 1), malformed(3, .nulByte, field: 2),
                record(4, ["ok", "1"]),
            ])
        XCTAssertEqual(try readAll([0xED, 0xA0, 0x80, 0x0A]), [malformed(1, .invalidUTF8, field: 1)])
        XCTAssertEqual(try readAll([0xC0, 0xAF, 0x0A]), [malformed(1, .invalidUTF8, field: 1)])
        XCTAssertEqual(try readAll("é,€,😀\n"), [record(1, ["é", "€", "😀"])])
    }

    func testLimits() throws {
        XCTAssertEqual(
            try readAll("abcd,\"ab\ncd\"\nabc,\"a\"\"b\"\nx,y", maxFieldBytes: 3),
            [malformed(1, .fieldTooLong, field: 1), record(3, ["abc", "a\"b"]), record(4, ["x", "y"])])
        XCTAssertEqual(
            try readAll("a,b,c,d\na,b,c\n\"1\",2,\"3\",\"4\"\n", maxFieldCount: 3),
            [malformed(1, .tooManyFields, field: nil), record(2, ["a", "b", "c"]), malformed(3, .tooManyFields, field: nil)])
        XCTAssertEqual(
            try readAll("a,\"b\nc\"\"\nd\",e\nz\n", maxFieldBytes: 2),
            [malformed(1, .fieldTooLong, field: 2), record(4, ["z"])])
    }

    func testHugeFieldAndManyColumnsStayBounded() throws {
        /// Produces an endless-looking field without holding it in memory.
        struct RepeatingStream: ByteStream {
            var remaining: Int
            let byte: UInt8
            var trailer: [UInt8]
            mutating func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
                if remaining > 0 {
                    let count = min(maxCount, remaining)
                    buffer.append(contentsOf: repeatElement(byte, count: count))
                    remaining -= count
                    return count
                }
                let count = min(maxCount, trailer.count)
                buffer.append(contentsOf: trailer.prefix(count))
                trailer.removeFirst(count)
                return count
            }
        }
        var longField = CSVReader(RepeatingStream(remaining: 4_000_000, byte: 0x78, trailer: Array("\nok\n".utf8)))
        var record = CSVRecord()
        XCTAssertEqual(
            try longField.read(into: &record),
            .malformed(CSVMalformedRow(line: 1, reason: .fieldTooLong, fieldNumber: 1)))
        XCTAssertLessThanOrEqual(record.bytes.capacity, 128 * 1024)
        XCTAssertEqual(try longField.next(), self.record(2, ["ok"]))

        var manyColumns = CSVReader(RepeatingStream(remaining: 1_000_000, byte: 0x2C, trailer: Array("\nok\n".utf8)))
        XCTAssertEqual(
            try manyColumns.read(into: &record),
            .malformed(CSVMalformedRow(line: 1, reason: .tooManyFields, fieldNumber: nil)))
        XCTAssertLessThanOrEqual(record.fieldBounds.capacity, 2048)
        XCTAssertEqual(try manyColumns.next(), self.record(2, ["ok"]))
    }

    /// Hands out at most `step` bytes per read, to cross chunk boundaries
    /// everywhere and force the reader off its in-chunk fast path.
    private struct TrickleStream: ByteStream {
        var bytes: [UInt8]
        let step: Int
        mutating func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
            let count = min(step, maxCount, bytes.count)
            buffer.append(contentsOf: bytes.prefix(count))
            bytes.removeFirst(count)
            return count
        }
    }

    private func readAll(trickling bytes: [UInt8], step: Int, maxFieldBytes: Int = 8) throws -> [CSVReadResult] {
        var reader = CSVReader(TrickleStream(bytes: bytes, step: step), maxFieldBytes: maxFieldBytes, maxFieldCount: 4)
        var results: [CSVReadResult] = []
        while let result = try reader.next() { results.append(result) }
        return results
    }

    func testOneByteChunksGiveTheSameResult() throws {
        let text = "\u{FEFF}a,\"b\"\"\r\nc\"\r\n\"x\"y,1\n,\r\n"
        let results = try readAll(trickling: Array(text.utf8), step: 1, maxFieldBytes: 64)
        XCTAssertEqual(results, try readAll(text))
        XCTAssertEqual(results.count, 3)
    }

    /// The in-chunk fast path and the general path must agree on every input,
    /// malformed ones included: random inputs from CSV's special bytes.
    func testFastAndGeneralPathsAgreeOnRandomInput() throws {
        let alphabet: [[UInt8]] = [
            [0x61], [0x62], [0x2C], [0x22], [0x22, 0x22], [0x0A], [0x0D, 0x0A], [0x0D], [0x00], [0xC3, 0xA9],
            [0xC3], [0xA9], [0xF0, 0x9F, 0x98, 0x80], [0x20],
        ]
        var generator = SplitMix64(seed: 8785)
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 40) {
                bytes += alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            var whole = CSVReader(ByteArrayStream(bytes), maxFieldBytes: 8, maxFieldCount: 4)
            var expected: [CSVReadResult] = []
            while let result = try whole.next() { expected.append(result) }
            for step in [1, 3] {
                XCTAssertEqual(try readAll(trickling: bytes, step: step), expected, "\(bytes) step \(step)")
            }
        }
    }

    func testRecordAccessors() throws {
        var reader = CSVReader(ByteArrayStream("x,héllo,\n"))
        let record = try reader.readHeader()
        XCTAssertEqual(record.fieldCount, 3)
        XCTAssertEqual(record.field(1), "héllo")
        XCTAssertEqual(Array(record.fieldBytes(1)), Array("héllo".utf8))
        XCTAssertEqual(record.withFieldBytes(1) { $0.count }, 6)
        XCTAssertEqual(record.withFieldBytes(2) { $0.count }, 0)
        XCTAssertThrowsError(try reader.readHeader()) { XCTAssertEqual($0 as? CSVHeaderError, .missing) }
    }
}
