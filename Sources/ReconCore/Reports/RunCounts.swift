/// The counts of one `recon run` (SPEC §6 `summary.json`).
public struct RunCounts: Sendable, Equatable {
    public struct Batches: Sendable, Equatable {
        public var settled: Int
        public var failed: Int
        public var duplicate: Int

        public init(settled: Int = 0, failed: Int = 0, duplicate: Int = 0) {
            self.settled = settled
            self.failed = failed
            self.duplicate = duplicate
        }
    }

    public struct Records: Sendable, Equatable {
        public var read: Int
        public var settled: Int
        public var duplicate: Int
        /// Reasons absent from the dictionary count zero.
        public var rejectedByReason: [ReasonCode: Int]

        public init(read: Int = 0, settled: Int = 0, duplicate: Int = 0, rejectedByReason: [ReasonCode: Int] = [:]) {
            self.read = read
            self.settled = settled
            self.duplicate = duplicate
            self.rejectedByReason = rejectedByReason
        }

        /// Derived, so the total and the per-reason counts cannot disagree.
        public var rejected: Int { rejectedByReason.values.reduce(0, +) }
    }

    /// Where reconciliation left settlement groups or bank lines.
    public struct Reconciled: Sendable, Equatable {
        public var matched: Int
        public var pending: Int
        public var mismatched: Int

        public init(matched: Int = 0, pending: Int = 0, mismatched: Int = 0) {
            self.matched = matched
            self.pending = pending
            self.mismatched = mismatched
        }
    }

    public var batches: Batches
    public var records: Records
    public var groups: Reconciled
    public var bankLines: Reconciled

    public init(
        batches: Batches = .init(), records: Records = .init(), groups: Reconciled = .init(),
        bankLines: Reconciled = .init()
    ) {
        self.batches = batches
        self.records = records
        self.groups = groups
        self.bankLines = bankLines
    }
}
