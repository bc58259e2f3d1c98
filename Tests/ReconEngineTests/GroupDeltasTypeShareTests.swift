@testable import ReconEngine
import ReconCore
import XCTest

/// `recon show` lists the first 50 lines of a group per file and type
/// (sql/016): however the verifying workers' chunks split and merge them,
/// the list is the 50 smallest lines, ascending, and the sums are exact.
final class GroupDeltasTypeShareTests: XCTestCase {
    func testFirstLinesAreTheSmallestFiftyWhateverTheChunking() {
        var random = SplitMix64(seed: 7)
        for trial in 0..<200 {
            let count = Int(random.next() % 160) + 1
            let lines = (0..<count).map { $0 * 3 + 2 }
            // Lines mostly in file order, sometimes out of it.
            let order = trial % 3 == 0 ? lines.shuffled(using: &random) : lines
            var whole = GroupDeltas.TypeShare(type: .payment)
            var chunks: [GroupDeltas.TypeShare] = []
            var current = GroupDeltas.TypeShare(type: .payment)
            for (index, line) in order.enumerated() {
                whole.add(amount: Int64(line), settlementDay: 20_000 + line % 5, line: line)
                current.add(amount: Int64(line), settlementDay: 20_000 + line % 5, line: line)
                if random.next() % 7 == 0 || index == order.count - 1 {
                    chunks.append(current)
                    current = GroupDeltas.TypeShare(type: .payment)
                }
            }
            var merged = chunks[0]
            for chunk in chunks.dropFirst() { merged.merge(chunk) }
            let expected = Array(lines.prefix(GroupDeltas.TypeShare.listedLines).map { Int32($0) })
            for share in [whole, merged] {
                XCTAssertEqual(share.firstLines, expected, "trial \(trial)")
                XCTAssertEqual(share.count, Int64(count))
                XCTAssertEqual(share.amount, Int128(lines.reduce(0, +)))
                XCTAssertEqual(share.earliestSettlementDay, 20_000 + lines.map { $0 % 5 }.min()!)
                XCTAssertEqual(share.latestSettlementDay, 20_000 + lines.map { $0 % 5 }.max()!)
            }
        }
    }

    func testADeltaKeepsOneShareForEachTypeItSaw() {
        var delta = GroupDeltas.Delta()
        delta.add(type: .payment, amount: 1000, settlementDay: 20_400, line: 2)
        delta.add(type: .fee, amount: -10, settlementDay: 20_400, line: 3)
        delta.add(type: .payment, amount: 500, settlementDay: 20_401, line: 9)
        XCTAssertEqual(delta.byType.map(\.type), [.payment, .fee])
        XCTAssertEqual(delta.byType.map(\.count), [2, 1])
        XCTAssertEqual(delta.byType.map(\.firstLines), [[2, 9], [3]])
        XCTAssertEqual(delta.payments, 1500)
        XCTAssertEqual(delta.count, 3)
    }
}
