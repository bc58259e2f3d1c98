import XCTest

@testable import ReconCore

/// The prematcher alone, with a real hash and with one that sends every
/// reference to the same bucket: collisions may only cost pairs, never make a
/// wrong one or hide a line that reads its description. Lines are decided as
/// they come; what a later line or a description reveals retracts a pair.
final class ReferencePrematcherTests: XCTestCase {
    private let day = 10_000

    private func groups(hashing: ReferencePrematcher.Hashing = .normalizedReference) -> ReferencePrematcher.Groups {
        var groups = ReferencePrematcher.Groups(hashing: hashing)
        groups.add(.init(merchantID: "m1", settlementRef: "PO-1", currency: "EUR"), net: 100, settlementDay: day)
        groups.add(.init(merchantID: "m1", settlementRef: "PO-2", currency: "EUR"), net: 200, settlementDay: day)
        groups.add(.init(merchantID: "m1", settlementRef: "PO-3", currency: "EUR"), net: 300, settlementDay: day)
        return groups
    }

    func testPairsCleanReferenceMatchesAsTheLinesComeAndLeavesTheRest() {
        var matcher = ReferencePrematcher(windowDays: 3, groups: groups())
        XCTAssertEqual(matcher.decide(1, " po-1", 100, bookingDay: day + 1), 0)
        XCTAssertEqual(matcher.decide(2, "PO-2", 200), 1)
        XCTAssertNil(matcher.decide(3, "PO-3", 301))
        XCTAssertNil(matcher.decide(4, nil, 5))
        XCTAssertNil(matcher.decide(5, "UNKNOWN", 5))
        XCTAssertNil(matcher.decide(6, "PO-3", 300, currency: "USD"))
        XCTAssertEqual(matcher.linesReadingDescriptions, [4, 5])
        matcher.addDescription("payout for PO-2, thanks")
        let decision = matcher.finish()
        XCTAssertEqual(decision.pairs.map(\.lineID), [1])
        XCTAssertEqual(decision.retractedLineIDs, [2])
        XCTAssertEqual(decision.restGroups.map { matcher.groups.key($0).settlementRef }, ["PO-2", "PO-3"])
        XCTAssertEqual(decision.restLineIDs, [2, 3, 4, 5, 6])
    }

    func testASecondLineWithTheSameReferenceRetractsTheFirstLinesPair() {
        var matcher = ReferencePrematcher(windowDays: 3, groups: groups())
        XCTAssertEqual(matcher.decide(1, "PO-1", 100), 0)
        XCTAssertNil(matcher.decide(2, "po-1 ", 100))
        XCTAssertEqual(matcher.decide(3, "PO-2", 200), 1)
        let decision = matcher.finish()
        XCTAssertEqual(decision.pairs.map(\.lineID), [3])
        XCTAssertEqual(decision.retractedLineIDs, [1])
        XCTAssertEqual(decision.restGroups, [0, 2])
        XCTAssertEqual(decision.restLineIDs, [1, 2])
    }

    func testHashCollisionsNeverPairAndMakeEveryReferencedLineReadItsDescription() {
        var matcher = ReferencePrematcher(windowDays: 3, groups: groups(hashing: .constant(7)))
        XCTAssertNil(matcher.decide(1, "PO-1", 100))
        XCTAssertNil(matcher.decide(2, "PO-2", 200))
        XCTAssertNil(matcher.decide(3, nil, 5))
        XCTAssertEqual(matcher.linesReadingDescriptions, [1, 2, 3])
        XCTAssertTrue(matcher.finish().pairs.isEmpty)
    }

    func testACollisionBetweenOneGroupAndLinesOfAnotherReferenceIsNoPair() {
        var groups = ReferencePrematcher.Groups(hashing: .constant(7))
        groups.add(.init(merchantID: "m1", settlementRef: "PO-1", currency: "EUR"), net: 100, settlementDay: day)
        var matcher = ReferencePrematcher(windowDays: 3, groups: groups)
        XCTAssertNil(matcher.decide(1, "PO-9", 100))
        XCTAssertEqual(matcher.linesReadingDescriptions, [1])
        XCTAssertTrue(matcher.finish().pairs.isEmpty)
        // The group's own line pairs, until a line of another reference with
        // the same hash shows up: then neither line is the only one.
        var again = ReferencePrematcher(windowDays: 3, groups: groups)
        XCTAssertEqual(again.decide(1, "PO-1", 100), 0)
        XCTAssertNil(again.decide(2, "PO-9", 100))
        let decision = again.finish()
        XCTAssertTrue(decision.pairs.isEmpty)
        XCTAssertEqual(decision.retractedLineIDs, [1])
        XCTAssertEqual(again.linesReadingDescriptions, [2])
    }

    func testWithoutPairingEverythingIsLeftToTheReconciler() {
        var matcher = ReferencePrematcher(windowDays: 3, groups: groups(), pairing: false)
        XCTAssertNil(matcher.decide(1, "PO-1", 100))
        let decision = matcher.finish()
        XCTAssertTrue(decision.pairs.isEmpty)
        XCTAssertEqual(decision.restGroups, [0, 1, 2])
        XCTAssertEqual(decision.restLineIDs, [1])
    }
}

extension ReferencePrematcher {
    fileprivate mutating func decide(
        _ id: Int64, _ reference: String?, _ amount: Int64, currency: String = "EUR", bookingDay: Int = 10_000
    ) -> Int? {
        var currency = currency
        return currency.withUTF8 { code in
            guard var reference else {
                return decide(lineID: id, reference: nil, amount: amount, currency: UnsafeRawBufferPointer(code), bookingDay: bookingDay)
            }
            return reference.withUTF8 {
                decide(
                    lineID: id, reference: UnsafeRawBufferPointer($0), amount: amount, currency: UnsafeRawBufferPointer(code),
                    bookingDay: bookingDay)
            }
        }
    }
}

final class ReferenceTextOneTokenTests: XCTestCase {
    func testHasOneTokenAgreesWithTokens() {
        let samples = [
            "PO-1", " PO-1 ", "PO-1.", ".PO-1", "...", "", "ACME 42", "ref:po-1", "a.b", "Ä-5", "\u{212A}X", "PO-1,", "(PO-1)",
            ". PO-1", "PO-1 .", "x y", "-", "/",
        ]
        for sample in samples {
            XCTAssertEqual(ReferenceText.hasOneToken(sample), ReferenceText.tokens(of: sample).count == 1, sample)
        }
    }
}

/// The allocation-free forms must agree with ``ReferenceText/normalized(_:)``
/// exactly: the prematch pairs by them.
final class ReferenceTextNormalizedFormsTests: XCTestCase {
    private let samples = [
        "PO-1", " po-1", "PO-1 \t", "po-1", "PO-2", "PO-12", "", " ", "\u{212A}-1", "k-1", "K-1", "Ä-5", "ä-5", "A-5",
        "ÄÖÜ", "äöü", "ß", "SS", "İ", "i̇", "ﬁ", "FI", "PO 1", "PO  1", "\u{00A0}PO-1", "PO-1\u{00A0}", "x\r\n",
    ]

    func testTheHashIsTheHashOfTheNormalizedText() {
        for sample in samples {
            XCTAssertEqual(
                ReferenceText.normalizedHash(sample), ReferenceText.fnv1a(ReferenceText.normalized(sample)), sample)
        }
    }

    func testSameNormalizedAgreesWithComparingNormalizedTexts() {
        for a in samples {
            for b in samples {
                XCTAssertEqual(
                    ReferenceText.haveSameNormalized(a, b), ReferenceText.normalized(a) == ReferenceText.normalized(b),
                    "\(a.debugDescription) vs \(b.debugDescription)")
            }
        }
    }
}

final class HashNumberingTests: XCTestCase {
    func testNumbersDistinctHashesInFirstSeenOrderAndFindsThemAgain() {
        var numbering = HashNumbering()
        // Hashes that differ only in high or only in low bits, and zero.
        let hashes: [UInt64] = (0..<1000).map { UInt64($0) << ($0 % 2 == 0 ? 0 : 40) }
        for (index, hash) in hashes.enumerated() {
            let numbered = numbering.number(adding: hash)
            XCTAssertEqual(numbered.number, index)
            XCTAssertTrue(numbered.isNew)
        }
        for (index, hash) in hashes.enumerated() {
            XCTAssertEqual(numbering.number(of: hash), index)
            XCTAssertEqual(numbering.number(adding: hash).isNew, false)
        }
        XCTAssertEqual(numbering.count, 1000)
        XCTAssertNil(numbering.number(of: 1 << 63))
    }
}
