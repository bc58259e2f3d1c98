import ReconCore
import XCTest

final class JSONRecordReaderTests: XCTestCase {
    private func lines(_ text: String, maxLineBytes: Int = 1024) throws -> [JSONRecordResult] {
        var reader = JSONLinesReader(ByteArrayStream(text), maxLineBytes: maxLineBytes)
        var results: [JSONRecordResult] = []
        while let result = try reader.next() { results.append(result) }
        return results
    }

    private func elements(_ text: String, maxElementBytes: Int = 1024) throws -> [JSONRecordResult] {
        var reader = JSONArrayReader(ByteArrayStream(text), maxElementBytes: maxElementBytes)
        var results: [JSONRecordResult] = []
        while let result = try reader.next() { results.append(result) }
        return results
    }

    private func value(_ line: Int, _ index: Int, _ value: JSONValue) -> JSONRecordResult {
        JSONRecordResult(line: line, index: index, content: .value(value))
    }

    private func isMalformed(_ result: JSONRecordResult) -> Bool {
        if case .malformed = result.content { return true }
        return false
    }

    func testJSONLinesSkipsBlankLinesAndContinuesAfterBadLines() throws {
        let results = try lines("\u{FEFF}{\"a\":\"1\"}\r\n\n  \t\r\n{\"a\":}\n[1,\n\"x\"\n{\"b\":null}")
        XCTAssertEqual(results.map(\.line), [1, 4, 5, 6, 7])
        XCTAssertEqual(results.map(\.index), [1, 2, 3, 4, 5])
        XCTAssertEqual(results[0], value(1, 1, .object([(key: "a", value: .string("1"))])))
        XCTAssertTrue(isMalformed(results[1]))
        XCTAssertTrue(isMalformed(results[2]))
        XCTAssertEqual(results[3], value(6, 4, .string("x")))
        XCTAssertEqual(results[4], value(7, 5, .object([(key: "b", value: .null)])))
    }

    func testJSONLinesLongLineIsSkippedWithoutBuffering() throws {
        let long = "\"" + String(repeating: "x", count: 5000) + "\""
        let results = try lines("1\n\(long)\n2\n", maxLineBytes: 100)
        XCTAssertEqual(results.count, 3)
        XCTAssertEqual(results[1], JSONRecordResult(line: 2, index: 2, content: .malformed(detail: "line longer than 100 bytes")))
        XCTAssertEqual(results[2], value(3, 3, .number("2")))
    }

    func testJSONArrayYieldsElementsWithLinesAndIndexes() throws {
        let text = "\u{FEFF} [\n  {\"a\": \"x,]}\\\"\"},\n  {\"b\":\n [1, {}]},\n 3 , \"s\" ,\n {\"bad\": ]  ,\n null\n]\n\n"
        let results = try elements(text)
        XCTAssertEqual(results.map(\.line), [2, 3, 5, 5, 6, 7])
        XCTAssertEqual(results.map(\.index), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(results[0], value(2, 1, .object([(key: "a", value: .string("x,]}\""))])))
        XCTAssertEqual(
            results[1], value(3, 2, .object([(key: "b", value: .array([.number("1"), .object([])]))])))
        XCTAssertEqual(results[2], value(5, 3, .number("3")))
        XCTAssertEqual(results[3], value(5, 4, .string("s")))
        XCTAssertTrue(isMalformed(results[4]))
        XCTAssertEqual(results[5], value(7, 6, .null))
    }

    func testJSONArrayEmptyAndOversizedElements() throws {
        XCTAssertEqual(try elements(" [ ] "), [])
        let results = try elements("[\"\(String(repeating: "y", count: 300))\", 1]", maxElementBytes: 100)
        XCTAssertEqual(results.count, 2)
        XCTAssertTrue(isMalformed(results[0]))
        XCTAssertEqual(results[1], value(1, 2, .number("1")))
    }

    func testJSONArrayStructureErrorsThrowWithLine() throws {
        let cases: [(String, Int)] = [
            ("{\"a\":1}", 1), ("", 1), ("[1,\n2", 2), ("[1\n\n2]", 3), ("[1,]", 1), ("[,1]", 1),
            ("[1] x", 1), ("[{}{}]", 1), ("[\"a\" \"b\"]", 1), ("[1 2]", 1), ("[\"abc\n", 2), ("[1]\n]", 2),
        ]
        for (text, line) in cases {
            var reader = JSONArrayReader(ByteArrayStream(text))
            XCTAssertThrowsError(try { while try reader.next() != nil {} }(), text) { error in
                XCTAssertEqual((error as? JSONParseError)?.line, line, text)
            }
            XCTAssertNil(try reader.next(), "a broken array stays finished")
        }
    }

    /// An array far larger than the reader's buffers, produced on the fly:
    /// elements come out one by one with correct lines across chunk edges.
    func testJSONArrayStreamsALargeArray() throws {
        struct GeneratedArray: ByteStream {
            let elementCount: Int
            var produced = 0
            var pending: [UInt8] = Array("[\n".utf8)
            mutating func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
                while pending.count < maxCount && produced <= elementCount {
                    if produced == elementCount {
                        pending += Array("\n]\n".utf8)
                    } else {
                        let separator = produced == 0 ? "" : ",\n"
                        pending += Array("\(separator){\"n\": \"\(produced)\", \"s\": \"a\\\"]}\\\\\"}".utf8)
                    }
                    produced += 1
                }
                let count = min(maxCount, pending.count)
                buffer.append(contentsOf: pending.prefix(count))
                pending.removeFirst(count)
                return count
            }
        }
        var reader = JSONArrayReader(GeneratedArray(elementCount: 20_000))
        var count = 0
        while let result = try reader.next() {
            count += 1
            XCTAssertEqual(result.index, count)
            XCTAssertEqual(result.line, count + 1)
            guard case .value(let value) = result.content else { return XCTFail("element \(count) malformed") }
            XCTAssertEqual(value["n"], .string(String(count - 1)))
            XCTAssertEqual(value["s"], .string("a\"]}\\"))
        }
        XCTAssertEqual(count, 20_000)
    }
}
