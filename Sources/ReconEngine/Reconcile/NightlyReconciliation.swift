import Dispatch
import Foundation
import Logging
import ReconCore
import ReconStore

/// One night's reconciliation of a job against the database: undo earlier
/// decisions of this date and later, settle the clean reference matches in
/// bulk (``ReferencePrematch``), decide the rest with the pure
/// ``Reconciler``, store every decision — all in one transaction, under the
/// job lock held by the caller.
struct NightlyReconciliation {
    struct Outcome {
        /// The Reconciler's result with the prematched groups and lines
        /// added to its counts (its `matches` hold only its own).
        var result: ReconcileResult
        var amounts: NightAmounts
        var previousIdentities: Set<String>
    }

    let connection: PostgresConnection
    /// Opens the second session the open lines are read on (outside the
    /// night's transaction, while it writes the matches).
    let connectReader: @Sendable () throws -> PostgresConnection
    let job: JobFile
    let logger: Logger
    /// Off only in tests that check the prematch against the Reconciler alone.
    var prematch = true

    func run(runDate: CivilDate) throws -> Outcome {
        let lineSession = try connectReader()
        defer { lineSession.close() }
        // Its anti-join against recon_matches runs while this session fills
        // that table: a nested loop planned on an empty table would rescan
        // the growing heap for every line. A hash anti-join reads it once.
        try lineSession.execute(LocalSettings.noNestedLoops)
        return try connection.transaction {
            let store = ReconcileStore(connection: connection, job: job)
            var clock = PhaseClock()
            let released = try store.releaseUndecided(runDate: runDate)
            let prematched = try ReferencePrematch(connection: connection, job: job)
                .run(runDate: runDate, lineSession: lineSession, released: released, enabled: prematch)
            let prematchSeconds = clock.lap()
            let groups = try store.loadRestGroups(count: prematched.restGroups)
            let lines = try store.loadRestLines(count: prematched.restLines)
            let input = ReconcileInput(
                runDate: runDate, windowDays: job.windowDays, groups: groups, bankLines: lines,
                statementGaps: try store.loadStatementGaps(), firstSeenByIdentity: [:],
                amountTolerance: job.amountTolerance)
            let previous = try store.previousRunIdentities(before: runDate)
            let loadSeconds = clock.lap()
            var result = Reconciler.reconcile(input)
            try store.addManualMatches(to: &result, runDate: runDate)
            let decideSeconds = clock.lap()
            try store.fillFirstSeen(&result.mismatches, runDate: runDate)
            let byKey = Dictionary(groups.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            try store.save(result, groups: byKey, runDate: runDate)
            try store.storeGroupStates(result, groups: byKey, runDate: runDate)
            let saveSeconds = clock.lap()
            result.counts.groupsMatched += prematched.matchedGroups
            result.counts.bankLinesMatched += prematched.matchedGroups
            let amounts = Self.amounts(runDate: runDate, prematched: prematched, groups: groups, result: result)
            logger.info(
                "reconciled",
                metadata: prematched.seconds.mapValues { .string($0) }.merging([
                    "date": "\(runDate)", "prematched": "\(prematched.matchedGroups)", "groups_left": "\(groups.count)",
                    "lines_left": "\(lines.count)", "matched": "\(result.counts.groupsMatched)",
                    "pending": "\(result.counts.groupsPending)", "mismatches": "\(result.mismatches.count)",
                    "seconds_prematch": "\(prematchSeconds)", "seconds_load": "\(loadSeconds)",
                    "seconds_decide": "\(decideSeconds)", "seconds_store": "\(saveSeconds)",
                ]) { _, tonight in tonight })
            return Outcome(result: result, amounts: amounts, previousIdentities: previous)
        }
    }

    private static func amounts(
        runDate: CivilDate, prematched: ReferencePrematch.Outcome, groups: [SettlementGroup], result: ReconcileResult
    ) -> NightAmounts {
        var amounts = NightAmounts(runDate: runDate)
        for entry in prematched.amounts {
            guard let currency = Currency(code: entry.currency) else { continue }
            amounts.add(currency: currency, settlementDate: entry.settlementDate, net: entry.net, matched: true)
        }
        let cleanlyMatched = Set(result.matches.lazy.filter(\.isClean).map(\.groupKey))
        for group in groups {
            amounts.add(
                currency: group.currency, settlementDate: group.settlementDate, net: group.net,
                matched: cleanlyMatched.contains(group.key))
        }
        return amounts
    }
}

/// Wall time between laps, for the phase timings in the logs.
struct PhaseClock {
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func lap() -> String {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return String(format: "%.2f", Double(now - last) / 1e9)
    }
}
