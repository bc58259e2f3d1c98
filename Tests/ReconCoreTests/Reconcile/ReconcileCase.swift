import XCTest

@testable import ReconCore

/// One row of a table test: inputs in ``ReconcileNotation`` and the facts the
/// result must render to, in order.
struct ReconcileCase {
    var name: String
    var groups: [String]
    var lines: [String]
    var expected: [String]
    var runDate = "03-10"
    var windowDays = 3
    /// Currency code → tolerance in minor units (SPEC §5.7).
    var tolerance: [String: Int64] = [:]

    init(
        _ name: String, groups: [String], lines: [String], runDate: String = "03-10", windowDays: Int = 3,
        tolerance: [String: Int64] = [:], expected: [String]
    ) {
        self.tolerance = tolerance
        self.name = name
        self.groups = groups
        self.lines = lines
        self.expected = expected
        self.runDate = runDate
        self.windowDays = windowDays
    }
}

extension XCTestCase {
    /// Runs every case, and each again on shuffled inputs (the result must not
    /// depend on input order), and checks the invariants every result keeps.
    func check(_ cases: [ReconcileCase], file: StaticString = #filePath, line: UInt = #line) {
        for testCase in cases {
            var input = ReconcileNotation.input(
                groups: testCase.groups, lines: testCase.lines, runDate: testCase.runDate,
                windowDays: testCase.windowDays)
            input.amountTolerance = testCase.tolerance
            let result = Reconciler.reconcile(input)
            let rendered = ReconcileNotation.render(result)
            if rendered != testCase.expected {
                XCTFail(
                    "\(testCase.name):\nexpected:\n  \(testCase.expected.joined(separator: "\n  "))\nactual:\n  \(rendered.joined(separator: "\n  "))",
                    file: file, line: line)
            }
            assertInvariants(input, result, testCase.name, file: file, line: line)
            var generator = SeededGenerator(seed: 0x5EED)
            for _ in 0..<4 {
                var shuffled = input
                shuffled.groups.shuffle(using: &generator)
                shuffled.bankLines.shuffle(using: &generator)
                XCTAssertEqual(Reconciler.reconcile(shuffled), result, "\(testCase.name): order changed the result", file: file, line: line)
            }
        }
    }

    /// Every group and every line ends in exactly one place; a line is claimed
    /// by at most one group; counts add up to the input.
    func assertInvariants(
        _ input: ReconcileInput, _ result: ReconcileResult, _ name: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        // A many-to-one line is claimed by each of its groups: once per
        // line here, and only ever by matches that all say so.
        var sharedLines: [Int64: Set<String>] = [:]
        for match in result.matches where match.sharesLine {
            XCTAssertEqual(match.bankLineIDs.count, 1, "\(name): one line per many-to-one match", file: file, line: line)
            sharedLines[match.bankLineIDs[0], default: []].insert("\(match.rule) \(String(describing: match.mismatchKind))")
        }
        for (lineID, decisions) in sharedLines {
            XCTAssertEqual(decisions.count, 1, "\(name): #\(lineID) decided alike for all its groups", file: file, line: line)
        }
        let claimed = result.matches.filter { !$0.sharesLine }.flatMap(\.bankLineIDs) + sharedLines.keys
        let groupsClaimed = result.matches.map(\.groupKey)
        XCTAssertTrue(
            sharedLines.isEmpty || Set(result.matches.filter(\.sharesLine).map(\.groupKey)).isDisjoint(
                with: result.matches.filter { !$0.sharesLine }.map(\.groupKey)),
            "\(name): a group paid by a shared line has no other line (\(groupsClaimed.count) claims)", file: file,
            line: line)
        let placed = claimed + result.pendingBankLineIDs + result.unexpectedBankLineIDs + result.ambiguousBankLineIDs
        XCTAssertEqual(placed.sorted(), input.bankLines.map(\.bankLineID).sorted(), "\(name): each line placed once", file: file, line: line)
        let counts = result.counts
        XCTAssertEqual(
            counts.bankLinesMatched + counts.bankLinesPending + counts.bankLinesMismatched, input.bankLines.count,
            "\(name): line counts", file: file, line: line)
        XCTAssertEqual(
            counts.groupsMatched + counts.groupsPending + counts.groupsMismatched, input.groups.count,
            "\(name): group counts", file: file, line: line)
    }
}

/// Deterministic shuffles: a failing order can be replayed.
typealias SeededGenerator = SplitMix64
