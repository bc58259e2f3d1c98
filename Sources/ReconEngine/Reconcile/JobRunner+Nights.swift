import Foundation
import ReconCore

extension JobRunner {
    /// What one `recon run` did: one night, or several when it caught up.
    public struct Nights: Sendable {
        /// In date order; the first also ingested the transaction inbox.
        public var outcomes: [Outcome]
        /// The metrics file written, if any.
        public var metricsFile: String?

        /// SPEC §7: 1 when any night needs a person's attention.
        public var hasProblems: Bool { outcomes.contains { $0.hasProblems } }
    }

    /// `recon run` for every date of `dates` in order: the first ingests the
    /// transaction inbox, every one imports statements, reconciles and writes
    /// its reports (a catch-up of missed nights gives each night its own
    /// report, as if it had run on time). Then the metrics file, once: the
    /// records ingested by the run and the mismatches of its last night.
    public func run(dates: ClosedRange<CivilDate>, wait: Bool, metricsFile: String?) throws -> Nights {
        try run(dates: dates, lockWait: LockWait(wait: wait), metricsFile: metricsFile)
    }

    public func run(dates: ClosedRange<CivilDate>, lockWait: LockWait, metricsFile: String?) throws -> Nights {
        let started = Date()
        var outcomes: [Outcome] = []
        var date = dates.lowerBound
        while date <= dates.upperBound {
            outcomes.append(outcomes.isEmpty ? try run(runDate: date, lockWait: lockWait) : try reconcile(runDate: date, lockWait: lockWait))
            guard let next = date.adding(days: 1) else { break }
            date = next
        }
        if let metricsFile, var summary = outcomes.last, let first = outcomes.first {
            summary.ingest = first.ingest
            summary.statements = first.statements
            let finished = Date()
            try MetricsFile.write(
                MetricsFile.render(
                    job: job.name, outcome: summary, durationSeconds: finished.timeIntervalSince(started),
                    finishedAt: finished),
                to: metricsFile)
        }
        return Nights(outcomes: outcomes, metricsFile: metricsFile)
    }
}
