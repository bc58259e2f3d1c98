import Foundation
import XCTest

@testable import ReconCore

/// Proves the matching is not quadratic: 100k groups against about as many
/// lines must simply finish (no timing asserted; CI machines vary). For the
/// hand measurement of SPEC-scale input, run in release with
/// `RECON_SCALE_GROUPS=1000000 swift test -c release --filter ReconcileScaleTests`.
final class ReconcileScaleTests: XCTestCase {
    func testOneHundredThousandGroupsComplete() {
        let count = ProcessInfo.processInfo.environment["RECON_SCALE_GROUPS"].flatMap { Int($0) } ?? 100_000
        var generator = SeededGenerator(seed: 7)
        let input = RandomReconcileData.input(groupCount: count, using: &generator)
        // CPU time next to wall time: on a shared machine the wall clock
        // measures the neighbours too, and the matching is single-threaded.
        let started = ContinuousClock.now
        let cpuStarted = clock()
        let result = Reconciler.reconcile(input)
        let cpuSeconds = Double(clock() - cpuStarted) / Double(CLOCKS_PER_SEC)
        let elapsed = ContinuousClock.now - started
        assertInvariants(input, result, "scale")
        XCTAssertGreaterThan(result.counts.groupsMatched, count / 2)
        print("reconciled \(input.groups.count) groups against \(input.bankLines.count) lines in \(elapsed) (CPU \(cpuSeconds) s): \(result.counts)")
    }
}
