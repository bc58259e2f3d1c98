import ReconStore
import XCTest

/// Byte layout checks; no database needed.
final class BinaryCopyEncoderTests: XCTestCase {
    func testHeaderAndTrailer() {
        var encoder = BinaryCopyEncoder()
        encoder.writeHeader()
        encoder.writeTrailer()
        XCTAssertEqual(
            encoder.bytes,
            Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00] + [0, 0, 0, 0] + [0, 0, 0, 0] + [0xFF, 0xFF])
    }

    func testFieldsAreLengthPrefixedBigEndian() {
        var encoder = BinaryCopyEncoder()
        encoder.beginRow(fieldCount: 9)
        encoder.appendInt64(0x0102_0304_0506_0708)
        encoder.appendInt32(-2)
        encoder.appendInt16(0x0A0B)
        encoder.appendBool(true)
        encoder.appendText("é")
        encoder.appendBytea([9])
        encoder.appendJSONB("1")
        encoder.appendDate(daysSince2000: -1)
        encoder.appendNull()
        XCTAssertEqual(
            encoder.bytes,
            [0, 9]
                + [0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8]
                + [0, 0, 0, 4, 0xFF, 0xFF, 0xFF, 0xFE]
                + [0, 0, 0, 2, 0x0A, 0x0B]
                + [0, 0, 0, 1, 1]
                + [0, 0, 0, 2, 0xC3, 0xA9]
                + [0, 0, 0, 1, 9]
                + [0, 0, 0, 2, 1, 0x31]
                + [0, 0, 0, 4, 0xFF, 0xFF, 0xFF, 0xFF]
                + [0xFF, 0xFF, 0xFF, 0xFF])
    }

    func testRemoveAllKeepsCapacity() {
        var encoder = BinaryCopyEncoder(reservingCapacity: 1024)
        encoder.appendText(String(repeating: "x", count: 500))
        let capacity = encoder.bytes.capacity
        encoder.removeAll()
        XCTAssertEqual(encoder.count, 0)
        XCTAssertEqual(encoder.bytes.capacity, capacity)
    }
}
