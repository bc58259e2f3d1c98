import XCTest

@testable import ReconCore

/// The prematcher alone, with a real hash and with one that sends every
/// reference to the same bucket: collisions may only cost pairs, never make a
/// wrong one or hide a line that reads its description.
final class ReferencePrematcherTests: XCTestCase {
    private func night(hashing: ReferencePrematcher.Hashing = .normalizedReference) -> ReferencePrematcher {
        let day = 10_000
        var lines = ReferencePrematcher.Lines(hashing: hashing)
        lines.add(id: 1, reference: " po-1", amount: 100, currency: "EUR", bookingDay: day + 1)
        lines.add(id: 2, reference: "PO-2", amount: 200, currency: "EUR", bookingDay: day)
        lines.add(id: 3, reference: "PO-3", amount: 301, currency: "EUR", bookingDay: day)
        lines.add(id: 4, reference: nil, amount: 5, currency: "EUR", bookingDay: day)
        lines.add(id: 5, reference: "UNKNOWN", amount: 5, currency: "EUR", bookingDay: day)
        lines.index()
        var groups = ReferencePrematcher.Groups(lines: lines)
        groups.add(.init(merchantID: "m1", settlementRef: "PO-1", currency: "EUR"), net: 100, settlementDay: day)
        groups.add(.init(merchantID: "m1", settlementRef: "PO-2", currency: "EUR"), net: 200, settlementDay: day)
        groups.add(.init(merchantID: "m1", settlementRef: "PO-3", currency: "EUR"), net: 300, settlementDay: day)
        return ReferencePrematcher(windowDays: 3, groups: groups)
    }

    func testPairsCleanReferenceMatchesAndLeavesTheRest() {
        var matcher = night()
        XCTAssertEqual(matcher.linesReadingDescriptions.map { matcher.lines.ids[$0] }, [4, 5])
        matcher.addDescription("payout for PO-2, thanks")
        let decision = matcher.decide()
        XCTAssertEqual(decision.pairs.map { matcher.lines.ids[$0.line] }, [1])
        XCTAssertEqual(decision.restGroups.map { matcher.groups.key($0).settlementRef }, ["PO-2", "PO-3"])
        XCTAssertEqual(decision.restLines.map { matcher.lines.ids[$0] }, [2, 3, 4, 5])
    }

    func testHashCollisionsNeverPairAndMakeEveryReferencedLineReadItsDescription() {
        let matcher = night(hashing: .constant(7))
        XCTAssertEqual(matcher.linesReadingDescriptions.map { matcher.lines.ids[$0] }, [1, 2, 3, 4, 5])
        XCTAssertTrue(matcher.decide().pairs.isEmpty)
    }

    func testACollisionBetweenOneGroupAndOneLineOfAnotherReferenceIsNoPair() {
        var lines = ReferencePrematcher.Lines(hashing: .constant(7))
        lines.add(id: 1, reference: "PO-9", amount: 100, currency: "EUR", bookingDay: 0)
        lines.index()
        var groups = ReferencePrematcher.Groups(lines: lines)
        groups.add(.init(merchantID: "m1", settlementRef: "PO-1", currency: "EUR"), net: 100, settlementDay: 0)
        let matcher = ReferencePrematcher(windowDays: 3, groups: groups)
        XCTAssertEqual(matcher.linesReadingDescriptions, [0])
        XCTAssertTrue(matcher.decide().pairs.isEmpty)
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
        var numbering = HashNumbering(capacity: 1000)
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
