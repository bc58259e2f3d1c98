import Foundation
import XCTest

@testable import ReconCore

/// The streamed readers must not depend on where chunks end: the same bytes
/// read in one piece and in chunks of 1 to 7 bytes (every CRLF, UTF-8
/// sequence, BOM, `""` escape and record cut somewhere) give the same
/// statements or the same error, line number included.
final class StatementChunkedReadTests: XCTestCase {
    typealias Outcome = Result<[BankStatement], StatementError>

    /// Returns its bytes `sizes` at a time, cycling (and ignoring `maxCount`
    /// when asked for more: the readers must take whatever comes).
    struct ChunkedStream: ByteStream {
        let bytes: [UInt8]
        let sizes: [Int]
        var position = 0
        var turn = 0

        mutating func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
            let count = min(sizes[turn % sizes.count], bytes.count - position)
            turn += 1
            guard count > 0 else { return 0 }
            buffer += bytes[position..<position + count]
            position += count
            return count
        }
    }

    static func read(_ bytes: [UInt8], _ format: StatementFormat, name: String, sizes: [Int]) -> Outcome {
        var statements: [BankStatement] = []
        let source = StatementByteSource { ChunkedStream(bytes: bytes, sizes: sizes) }
        do {
            try StatementReader.forEachStatement(source, fileName: name, format: format) { statements.append($0) }
            return .success(statements)
        } catch let error as StatementError {
            return .failure(error)
        } catch {
            XCTFail("\(name): not a StatementError: \(error)")
            return .success([])
        }
    }

    /// Whole (one chunk) against 1, 7, 1...7 cycling and 3,1,7,2 chunks.
    func assertSameInChunks(_ bytes: [UInt8], _ format: StatementFormat, name: String, file: StaticString = #filePath, line: UInt = #line) {
        let whole = Self.read(bytes, format, name: name, sizes: [max(bytes.count, 1)])
        XCTAssertEqual(whole, Self.read(bytes, format, name: name, sizes: [65_536]), "\(name) in 64 KiB reads", file: file, line: line)
        for sizes in [[1], [7], Array(1...7), [3, 1, 7, 2]] {
            let chunked = Self.read(bytes, format, name: name, sizes: sizes)
            XCTAssertEqual(whole, chunked, "\(name) in chunks of \(sizes)", file: file, line: line)
        }
        XCTAssertEqual(
            whole, Result { () throws(StatementError) in try StatementReader.parse(bytes, fileName: name, format: format) },
            "\(name) through parse(_:)", file: file, line: line)
    }

    func testSharedSamplesReadTheSameInChunks() throws {
        var counts: [StatementFormat: (accepted: Int, refused: Int)] = [:]
        for (folder, format) in [("mt940", StatementFormat.mt940), ("bai2", .bai2), ("csv", .csv)] {
            let files = StatementTestData.files(in: folder).filter { !$0.relative.hasSuffix(".yml") && !$0.relative.hasSuffix(".json") }
            try XCTSkipIf(files.isEmpty, "shared/testdata not found")
            for file in files {
                let bytes = try StatementTestData.bytes(file.url)
                assertSameInChunks(bytes, format, name: file.relative)
                let accepted = (try? StatementReader.parse(bytes, fileName: file.relative, format: format)) != nil
                counts[format, default: (0, 0)].accepted += accepted ? 1 : 0
                counts[format, default: (0, 0)].refused += accepted ? 0 : 1
            }
        }
        // Both outcomes are exercised, so errors are compared too (csv-spectrum
        // files are no bank CSV: all refused; the fixture is the accepted one).
        for format in [StatementFormat.mt940, .bai2] {
            XCTAssertGreaterThan(counts[format]?.accepted ?? 0, 0, "\(format) samples accepted")
        }
        for format in [StatementFormat.mt940, .bai2, .csv] {
            XCTAssertGreaterThan(counts[format]?.refused ?? 0, 0, "\(format) samples refused")
        }
    }

    func testFixturesReadTheSameInChunks() throws {
        let bank = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures/inbox/bank")
        for (name, format) in [("2026-11-18_eur.sta", StatementFormat.mt940), ("2026-11-18_other.csv", .csv)] {
            let bytes = try StatementTestData.bytes(bank.appendingPathComponent(name))
            guard case .success(let statements) = Self.read(bytes, format, name: name, sizes: [1]) else {
                return XCTFail("\(name) is refused")
            }
            XCTAssertFalse(statements.isEmpty)
            assertSameInChunks(bytes, format, name: name)
        }
    }

    /// Cases the samples may not hold: CRLF, BOM, Latin-1 found only at the
    /// end (the whole file's encoding decides line 1), errors far into a file.
    func testEdgeCasesReadTheSameInChunks() {
        let mt940 = ":20:A\r\n:25:DE01\r\n:28C:1/1\r\n:60F:C260101EUR100,00\r\n"
            + ":61:2601010101C5,00NTRFREF//BK1\r\n:86:M\u{FC}ller\r\n:62F:C260101EUR105,00\r\n-\r\n"
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        assertSameInChunks(bom + Array(mt940.utf8), .mt940, name: "utf8.sta")
        let latin1 = bom + Array(mt940.utf8) + Array(":20:B\n:25:DE02\n:60F:C260101EUR0,00\n:62F:C260101EUR0,00\n:86:caf".utf8) + [0xE9] + Array("\n".utf8)
        assertSameInChunks(latin1, .mt940, name: "latin1-at-end.sta")
        if case .success(let statements) = Self.read(latin1, .mt940, name: "l.sta", sizes: [2]) {
            XCTAssertEqual(statements.first?.lines.first?.description, "M\u{C3}\u{BC}ller", "Latin-1 for the whole file")
        } else {
            XCTFail("latin1-at-end.sta is refused")
        }
        assertSameInChunks(Array((mt940 + ":61:2601010101C5,00NTRF\r\n:62F:C260101EUROO\r\n").utf8), .mt940, name: "bad-late.sta")
        assertSameInChunks(Array(String(repeating: "x", count: 70_000).utf8) + [0x0D], .mt940, name: "long-line.sta")

        let bai2 = "01,B,R,260101,0600,1,80,1,2/\r02,R,B,1,260101,2400,EUR,2/\r03,A1,,010,100,,,015,105,,/\r"
            + "16,195,5,,BK1,REF1,text with / and , in it\rwrapped on/\r88,more/\r49,210,4/\r98,210,1,6/\r99,210,1,8/\r"
        assertSameInChunks(bom + bom + Array(bai2.utf8), .bai2, name: "cr.bai2")
        assertSameInChunks(Array(bai2.replacingOccurrences(of: "99,210,1,8", with: "99,210,1,9").utf8), .bai2, name: "count.bai2")
        assertSameInChunks(Array(bai2.utf8) + [0xE9], .bai2, name: "latin1.bai2")

        let csv = "\u{FEFF}account,booking_date,value_date,amount,currency,reference,description,bank_txn_id\r\n"
            + "A,2026-01-05,,1.00,EUR,,\"say \"\"hi\"\"\r\nthere\",B1\r\nB,2026-01-05,,-2,JPY,r,d,\r\n"
            + "A,2026-01-06,,3.00,USD,,\"\",B3\r"
        assertSameInChunks(Array(csv.utf8), .csv, name: "interleaved.csv")
        assertSameInChunks(Array(csv.dropLast().utf8), .csv, name: "no-final-line-end.csv")
        assertSameInChunks(Array((csv + "\nC,2026-01-07,,1,EUR,\"x\"y,,\n").utf8), .csv, name: "after-quote.csv")
        assertSameInChunks(Array((csv + "\nC,2026-01-07,,1,EUR,\"open").utf8), .csv, name: "open-quote.csv")
        assertSameInChunks(Array("\u{FEFF}".utf8), .csv, name: "bom-only.csv")
    }

    /// Accounts together (every bank export): each statement is handed on
    /// when the next account's first row is read, before the file's end.
    func testBankCSVHandsOnEachAccountWhenItsRowsEnd() throws {
        var text = BankCSVReader.headerText + "\n"
        for account in ["A", "B", "C"] {
            for day in 1...3 { text += "\(account),2026-01-0\(day),,1.00,EUR,,,\n" }
        }
        var handedOn: [String] = []
        try BankCSVReader.forEachStatement(.bytes(Array(text.utf8)), fileName: "t.csv") { statement in
            XCTAssertEqual(statement.lines.count, 3)
            handedOn.append(statement.account)
        }
        XCTAssertEqual(handedOn, ["A", "B", "C"])
    }
}
