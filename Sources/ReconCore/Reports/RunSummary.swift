import Foundation

/// Everything `summary.json` and `report.html` say about one run besides the
/// mismatch rows themselves. Built by the engine; rendered without I/O.
public struct RunSummary: Sendable, Equatable {
    public var jobName: String
    public var runDate: CivilDate
    /// When the reports were produced; printed in UTC to the second.
    public var generatedAt: Date
    public var counts: RunCounts
    /// One entry per currency; rendered sorted by currency code.
    public var totals: [CurrencyTotals]
    /// The chart series; rendered sorted by currency, then date.
    public var daily: [DailyAmounts]
    public var newSincePrevious: [MismatchReference]
    public var resolvedSincePrevious: [MismatchReference]
    public var manifest: RunManifest
    /// Every run of this date so far, this one last (SPEC §6 reruns).
    public var runs: [Run]
    /// Unmatched items inside the window tonight, for `report.html`.
    public var pending: [PendingItem]

    public init(
        jobName: String, runDate: CivilDate, generatedAt: Date, counts: RunCounts, totals: [CurrencyTotals] = [],
        daily: [DailyAmounts] = [], newSincePrevious: [MismatchReference] = [],
        resolvedSincePrevious: [MismatchReference] = [], manifest: RunManifest, runs: [Run] = [], pending: [PendingItem] = []
    ) {
        self.runs = runs
        self.pending = pending
        self.jobName = jobName
        self.runDate = runDate
        self.generatedAt = generatedAt
        self.counts = counts
        self.totals = totals
        self.daily = daily
        self.newSincePrevious = newSincePrevious
        self.resolvedSincePrevious = resolvedSincePrevious
        self.manifest = manifest
    }

    var sortedTotals: [CurrencyTotals] { totals.sorted { $0.currency.code < $1.currency.code } }
}
