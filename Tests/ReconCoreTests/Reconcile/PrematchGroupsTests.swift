import XCTest

@testable import ReconCore

/// ``ReferencePrematcher/Groups`` sums transactions into groups itself; it
/// must agree with `sum(amount)`, `max(settlement_date)` and `group by` of
/// PostgreSQL on every key.
final class PrematchGroupsTests: XCTestCase {
    private func key(_ merchant: String, _ ref: String, _ currency: String = "EUR") -> SettlementGroup.Key {
        .init(merchantID: merchant, settlementRef: ref, currency: currency)
    }

    func testSumsTransactionsPerExactKeyAndKeepsTheLatestDay() {
        var groups = ReferencePrematcher.Groups()
        groups.add(key("m1", "PO-1"), net: 100, settlementDay: 5)
        groups.add(key("m1", "PO-1"), net: -30, settlementDay: 9)
        groups.add(key("m1", "PO-1"), net: 7, settlementDay: 7)
        // Keys that only differ in where one field ends, in case, in
        // whitespace or in currency are other groups.
        groups.add(key("m1P", "O-1"), net: 1, settlementDay: 1)
        groups.add(key("m1", "po-1"), net: 2, settlementDay: 1)
        groups.add(key("m1", "PO-1 "), net: 3, settlementDay: 1)
        groups.add(key("m1", "PO-1", "USD"), net: 4, settlementDay: 1)
        groups.add(key("m2", "PO-1"), net: 5, settlementDay: 1)
        XCTAssertEqual(groups.count, 6)
        XCTAssertEqual(groups.key(0), key("m1", "PO-1"))
        XCTAssertEqual(groups.net(0), 77)
        XCTAssertEqual(groups.settlementDay(0), 9)
        XCTAssertEqual((1..<6).map { groups.net($0) }, [1, 2, 3, 4, 5])
        XCTAssertEqual(groups.key(4).currency, "USD")
        XCTAssertNil(groups.firstUnrepresentableNet())
    }

    func testAGroupOfManyTransactionsGrowsTheTableWithoutLosingOne() {
        var groups = ReferencePrematcher.Groups()
        for round in 0..<3 {
            for index in 0..<5000 { groups.add(key("m", "PO-\(index)"), net: Int64(index), settlementDay: round) }
        }
        XCTAssertEqual(groups.count, 5000)
        XCTAssertEqual(groups.net(4999), 3 * 4999)
        XCTAssertEqual(groups.settlementDay(123), 2)
    }

    func testNetsThatWrapPastInt64AndBackAreExactAndThoseThatStayBeyondAreFlagged() {
        var groups = ReferencePrematcher.Groups()
        groups.add(key("m", "UP-AND-BACK"), net: .max, settlementDay: 0)
        groups.add(key("m", "UP-AND-BACK"), net: 10, settlementDay: 0)
        groups.add(key("m", "UP-AND-BACK"), net: -20, settlementDay: 0)
        XCTAssertEqual(groups.net(0), .max - 10)
        XCTAssertNil(groups.firstUnrepresentableNet())
        groups.add(key("m", "DOWN"), net: .min, settlementDay: 0)
        groups.add(key("m", "DOWN"), net: -1, settlementDay: 0)
        XCTAssertEqual(groups.firstUnrepresentableNet(), key("m", "DOWN"))
    }
}

final class HashIndexTests: XCTestCase {
    func testKeysSharingAHashStayApartAndAreFoundAgainAfterGrowing() {
        var table = HashIndex()
        var keys: [String] = []
        func find(_ key: String, hash: UInt64) -> (value: Int, isNew: Bool) {
            let found = table.value(hash: hash, isKey: { keys[$0] == key }, orNew: keys.count)
            if found.isNew { keys.append(key) }
            return found
        }
        // Every other key shares hash 7; 3,000 keys force several doublings.
        for index in 0..<3000 {
            XCTAssertEqual(find("k\(index)", hash: index % 2 == 0 ? 7 : UInt64(index)).value, index)
        }
        for index in stride(from: 2999, through: 0, by: -7) {
            let found = find("k\(index)", hash: index % 2 == 0 ? 7 : UInt64(index))
            XCTAssertEqual(found.value, index)
            XCTAssertFalse(found.isNew)
        }
    }
}
