@testable import ReconEngine
import ReconCore
import XCTest

/// ListedLines keeps a run of consecutive lines compactly and falls back to a
/// list; whatever the shape, order and chunking, it must list exactly the
/// `limit` smallest lines it was given, ascending.
final class ListedLinesTests: XCTestCase {
    func testConsecutiveLinesAreListedUpToTheLimit() {
        var listed = ListedLines(limit: 5)
        for line in Int32(10)...Int32(20) { listed.add(line) }
        XCTAssertEqual(listed.lines, [10, 11, 12, 13, 14])
        XCTAssertTrue(listed.isFull)
    }

    func testAnEarlierLineDisplacesTheLargestWhenFull() {
        var listed = ListedLines(limit: 3)
        for line: Int32 in [10, 11, 12, 4] { listed.add(line) }
        XCTAssertEqual(listed.lines, [4, 10, 11])
    }

    func testAGapStartsTheList() {
        var listed = ListedLines(limit: 10)
        for line: Int32 in [3, 4, 5, 9, 10, 7] { listed.add(line) }
        XCTAssertEqual(listed.lines, [3, 4, 5, 7, 9, 10])
        XCTAssertEqual(listed.count, 6)
    }

    func testMergingAChunkThatContinuesTheRun() {
        var first = ListedLines(limit: 4)
        var second = ListedLines(limit: 4)
        for line: Int32 in [1, 2] { first.add(line) }
        for line: Int32 in [3, 4, 5] { second.add(line) }
        var later = second
        first.merge(second)
        XCTAssertEqual(first.lines, [1, 2, 3, 4])
        var earlier = ListedLines(limit: 4)
        for line: Int32 in [1, 2] { earlier.add(line) }
        later.merge(earlier)
        XCTAssertEqual(later.lines, [1, 2, 3, 4], "an earlier chunk merged into a later one")
    }

    func testTheSmallestLinesWhateverTheShapeOrderAndChunking() {
        var random = SplitMix64(seed: 11)
        for trial in 0..<500 {
            let limit = Int(random.next() % 60) + 1
            // Runs of consecutive lines separated by gaps, like payouts whose
            // rows a provider writes together, sometimes interleaved.
            var lines: [Int32] = []
            var next = Int32(random.next() % 5) + 2
            let wanted = Int(random.next() % 150) + 1
            while lines.count < wanted {
                let run = Int(random.next() % 12) + 1
                for _ in 0..<run { lines.append(next); next += 1 }
                next += Int32(random.next() % 4)
            }
            let order: [Int32]
            switch trial % 4 {
            case 0: order = lines.shuffled(using: &random)
            case 1: order = lines.reversed()
            default: order = lines
            }
            var whole = ListedLines(limit: limit)
            var chunks: [ListedLines] = []
            var current = ListedLines(limit: limit)
            for (index, line) in order.enumerated() {
                whole.add(line)
                current.add(line)
                if random.next() % 9 == 0 || index == order.count - 1 {
                    chunks.append(current)
                    current = ListedLines(limit: limit)
                }
            }
            if trial % 5 == 0 { chunks.shuffle(using: &random) }
            var merged = chunks[0]
            for chunk in chunks.dropFirst() { merged.merge(chunk) }
            let expected = Array(lines.sorted().prefix(limit))
            XCTAssertEqual(whole.lines, expected, "trial \(trial), added one by one")
            XCTAssertEqual(merged.lines, expected, "trial \(trial), merged from \(chunks.count) chunks")
            XCTAssertEqual(merged.count, expected.count)
        }
    }
}
