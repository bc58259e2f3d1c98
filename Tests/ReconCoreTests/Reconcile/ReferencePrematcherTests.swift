import XCTest

@testable import ReconCore

/// The prematcher alone, with a real hash and with one that sends every
/// reference to the same bucket: collisions may only cost pairs, never make a
/// wrong one or hide a line that reads its description.
final class ReferencePrematcherTests: XCTestCase {
    private func night(hash: @escaping (String) -> UInt64 = ReferencePrematcher.fnv1a) -> ReferencePrematcher {
        let day = 10_000
        var groups = ReferencePrematcher.Groups(hash: hash)
        groups.add(.init(merchantID: "m1", settlementRef: "PO-1", currency: "EUR"), net: 100, settlementDay: day)
        groups.add(.init(merchantID: "m1", settlementRef: "PO-2", currency: "EUR"), net: 200, settlementDay: day)
        groups.add(.init(merchantID: "m1", settlementRef: "PO-3", currency: "EUR"), net: 300, settlementDay: day)
        var lines = ReferencePrematcher.Lines(hash: hash)
        lines.add(id: 1, reference: " po-1", amount: 100, currency: "EUR", bookingDay: day + 1)
        lines.add(id: 2, reference: "PO-2", amount: 200, currency: "EUR", bookingDay: day)
        lines.add(id: 3, reference: "PO-3", amount: 301, currency: "EUR", bookingDay: day)
        lines.add(id: 4, reference: nil, amount: 5, currency: "EUR", bookingDay: day)
        lines.add(id: 5, reference: "UNKNOWN", amount: 5, currency: "EUR", bookingDay: day)
        lines.index()
        return ReferencePrematcher(windowDays: 3, lines: lines, groups: groups)
    }

    func testPairsCleanReferenceMatchesAndLeavesTheRest() {
        var matcher = night()
        XCTAssertEqual(matcher.linesReadingDescriptions.map { matcher.lines.ids[$0] }, [4, 5])
        matcher.addDescription("payout for PO-2, thanks")
        let decision = matcher.decide()
        XCTAssertEqual(decision.pairs.map { matcher.lines.ids[$0.line] }, [1])
        XCTAssertEqual(decision.restGroups.map { matcher.groups.keys[$0].settlementRef }, ["PO-2", "PO-3"])
        XCTAssertEqual(decision.restLines.map { matcher.lines.ids[$0] }, [2, 3, 4, 5])
    }

    func testHashCollisionsNeverPairAndMakeEveryReferencedLineReadItsDescription() {
        let matcher = night(hash: { _ in 7 })
        XCTAssertEqual(matcher.linesReadingDescriptions.map { matcher.lines.ids[$0] }, [1, 2, 3, 4, 5])
        XCTAssertTrue(matcher.decide().pairs.isEmpty)
    }

    func testACollisionBetweenOneGroupAndOneLineOfAnotherReferenceIsNoPair() {
        var groups = ReferencePrematcher.Groups(hash: { _ in 7 })
        groups.add(.init(merchantID: "m1", settlementRef: "PO-1", currency: "EUR"), net: 100, settlementDay: 0)
        var lines = ReferencePrematcher.Lines(hash: { _ in 7 })
        lines.add(id: 1, reference: "PO-9", amount: 100, currency: "EUR", bookingDay: 0)
        lines.index()
        let matcher = ReferencePrematcher(windowDays: 3, lines: lines, groups: groups)
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
