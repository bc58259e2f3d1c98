@testable import ReconEngine
import XCTest

/// The rejects of a batch wait in a ByteSpool
/// until their COPY; past its memory limit it spills to a temporary file and
/// must still hand back every byte, in order, as often as asked.
final class ByteSpoolTests: XCTestCase {
    func testEveryByteComesBackInOrderAfterSpilling() throws {
        let spool = ByteSpool(purpose: "test", batchID: 1, memoryLimit: 1000)
        var expected: [UInt8] = []
        for piece in 0..<300 {
            let bytes = (0..<(piece % 37 + 1)).map { UInt8(truncatingIfNeeded: piece &* 31 &+ $0) }
            try spool.append(bytes)
            expected += bytes
        }
        XCTAssertTrue(spool.hasSpilled, "\(expected.count) bytes past a 1,000-byte limit")
        XCTAssertEqual(spool.count, expected.count)
        for _ in 0..<2 {
            var read: [UInt8] = []
            try spool.forEachBlock { read.append(contentsOf: $0) }
            XCTAssertEqual(read, expected)
        }
        try spool.append([7, 8, 9])
        var read: [UInt8] = []
        try spool.forEachBlock { read.append(contentsOf: $0) }
        XCTAssertEqual(read, expected + [7, 8, 9], "appending after a read continues at the end")
    }

    func testSmallContentStaysInMemory() throws {
        let spool = ByteSpool(purpose: "test", batchID: 1)
        try spool.append([1, 2, 3])
        XCTAssertFalse(spool.hasSpilled)
        var read: [UInt8] = []
        try spool.forEachBlock { read.append(contentsOf: $0) }
        XCTAssertEqual(read, [1, 2, 3])
    }
}
