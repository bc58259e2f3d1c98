import Foundation

extension RunSummary {
    /// One run of the report date (SPEC §6 `runs`): when it started, what it
    /// ingested itself, and how it ended. The summary's counts of batches and
    /// records are the sums over all runs of the date, so a rerun never lowers
    /// them.
    public struct Run: Sendable, Equatable {
        public var startedAt: Date
        public var batches: RunCounts.Batches
        public var records: RunCounts.Records
        /// The files it registered, by name, in order.
        public var files: [String]
        public var exitCode: Int

        public init(
            startedAt: Date, batches: RunCounts.Batches = .init(), records: RunCounts.Records = .init(),
            files: [String] = [], exitCode: Int
        ) {
            self.startedAt = startedAt
            self.batches = batches
            self.records = records
            self.files = files
            self.exitCode = exitCode
        }
    }
}

extension RunCounts {
    /// `other`'s batches and records added to these: what several runs of one
    /// date ingested together.
    public mutating func addIngested(_ batches: Batches, _ records: Records) {
        self.batches.settled += batches.settled
        self.batches.failed += batches.failed
        self.batches.duplicate += batches.duplicate
        self.records.read += records.read
        self.records.settled += records.settled
        self.records.duplicate += records.duplicate
        self.records.rejectedByReason.merge(records.rejectedByReason, uniquingKeysWith: +)
    }
}

extension SummaryReport {
    static func runs(_ runs: [RunSummary.Run]) -> ReportJSON {
        .array(
            runs.map { run in
                .object([
                    .init("started_at", .string(UTCTimestamp.format(run.startedAt))),
                    .init(
                        "ingested",
                        .object([
                            .init(
                                "batches",
                                .object([
                                    .init("settled", .integer(run.batches.settled)),
                                    .init("failed", .integer(run.batches.failed)),
                                    .init("duplicate", .integer(run.batches.duplicate)),
                                ])),
                            .init(
                                "records",
                                .object([
                                    .init("read", .integer(run.records.read)),
                                    .init("settled", .integer(run.records.settled)),
                                    .init("duplicate", .integer(run.records.duplicate)),
                                    .init("rejected", .integer(run.records.rejected)),
                                ])),
                            .init("files", .array(run.files.map { .string($0) })),
                        ])),
                    .init("exit_code", .integer(run.exitCode)),
                ])
            })
    }
}
