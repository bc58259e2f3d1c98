import Dispatch
import Foundation
import Logging
import ReconCore
import ReconStore

/// One night's reconciliation of a job against the database: load what is
/// open, decide with the pure ``Reconciler``, store the decisions — all in one
/// transaction, under the job lock held by the caller.
struct NightlyReconciliation {
    struct Outcome {
        var result: ReconcileResult
        var groups: [SettlementGroup.Key: SettlementGroup]
        var previousIdentities: Set<String>

        /// Groups closed tonight by a clean match (worked out once; reports read it per group).
        var cleanlyMatched: Set<SettlementGroup.Key>
    }

    let connection: PostgresConnection
    let job: JobFile
    let logger: Logger

    func run(runDate: CivilDate) throws -> Outcome {
        try connection.transaction {
            let store = ReconcileStore(connection: connection, job: job)
            var clock = PhaseClock()
            try store.releaseUndecided(runDate: runDate)
            let groups = try store.loadOpenGroups()
            let groupsSeconds = clock.lap()
            let lines = try store.loadOpenLines()
            let linesSeconds = clock.lap()
            let input = ReconcileInput(
                runDate: runDate, windowDays: job.windowDays, groups: groups, bankLines: lines,
                statementGaps: try store.loadStatementGaps(), firstSeenByIdentity: try store.loadFirstSeen(before: runDate))
            let previous = try store.previousRunIdentities(before: runDate)
            let previousSeconds = clock.lap()
            let result = Reconciler.reconcile(input)
            let decideSeconds = clock.lap()
            let byKey = Dictionary(groups.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            try store.save(result, groups: byKey, runDate: runDate)
            let saveSeconds = clock.lap()
            logger.info(
                "reconciled",
                metadata: [
                    "date": "\(runDate)", "groups_open": "\(groups.count)", "lines_open": "\(lines.count)",
                    "matched": "\(result.counts.groupsMatched)", "pending": "\(result.counts.groupsPending)",
                    "mismatches": "\(result.mismatches.count)",
                    "seconds_load_groups": "\(groupsSeconds)", "seconds_load_lines": "\(linesSeconds)",
                    "seconds_load_history": "\(previousSeconds)", "seconds_decide": "\(decideSeconds)",
                    "seconds_store": "\(saveSeconds)",
                ])
            return Outcome(
                result: result, groups: byKey, previousIdentities: previous,
                cleanlyMatched: Set(result.matches.lazy.filter(\.isClean).map(\.groupKey)))
        }
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
