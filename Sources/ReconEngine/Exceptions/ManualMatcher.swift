import ReconCore
import ReconStore

/// `recon match` and `recon unmatch` (SPEC §9): a person pairs a settlement
/// group with bank lines, or undoes such a pairing.
///
/// Both run under the job's lock, the lock a night's reconcile holds from
/// its first statement to its last report: a change made while a night runs
/// waits for it (`--wait-lock`) and is applied after it, and a night that
/// starts later sees the change. Never half. Inside, the group and the lines
/// are locked (`FOR UPDATE`) in one transaction with the audit entries, so a
/// settling worker waits, and a second person finds the group matched and is
/// told by whom.
public struct ManualMatcher {
    let connection: PostgresConnection
    let job: JobFile

    public init(connection: PostgresConnection, job: JobFile) {
        self.connection = connection
        self.job = job
    }

    /// Which group: its reference, and merchant/currency where the
    /// reference alone names several.
    public struct GroupSelector: Sendable {
        public var settlementRef: String
        public var merchantID: String?
        public var currency: String?
        public init(settlementRef: String, merchantID: String? = nil, currency: String? = nil) {
            self.settlementRef = settlementRef
            self.merchantID = merchantID
            self.currency = currency
        }
    }

    /// What a match or unmatch did, for the command to print.
    public struct Changed: Sendable {
        public var group: String
        public var lines: [String]
        public var net: String
        /// `EX-… KIND: from → to` of every exception it changed.
        public var exceptions: [String]
    }

    struct LockedGroup {
        var id: Int64
        var name: GroupName
        var net: Int64
        var status: String
        var rule: String?
        var matchedOn: String?
        var lineIDs: [Int64]
    }

    struct LockedLine {
        var id: Int64
        var account: String
        var bankTxnID: String
        var amount: Int64
        var currency: String
        /// The group that claims it, if any.
        var claimedBy: GroupName?
        var claimRule: String?
    }

    /// `recon match`: refuses (``ManualMatchRefused``) an unknown or
    /// ambiguous group or line, a group already matched, a line another
    /// group claims, a line of another currency, and lines that do not sum
    /// to the group's net; else stores the match and resolves the
    /// exceptions it settles (reason `manual_match`).
    public func match(
        _ selector: GroupSelector, bankTxnIDs: [String], note: String, by person: String, today: CivilDate,
        lockWait: LockWait
    ) throws -> Changed {
        try underJobLock(lockWait) {
            try connection.transaction {
                let group = try lockGroup(selector)
                if group.status == "matched" {
                    throw ManualMatchRefused(reason: "\(group.name) is already matched\(try matchedText(group))")
                }
                let lines = try lockLines(bankTxnIDs)
                try check(lines, against: group)
                let ids = lines.map(\.id).sorted()
                // Claims the group held beside a mismatch (or before a late
                // transaction): the person's match replaces all of them.
                if !group.lineIDs.isEmpty {
                    for statement in ManualMatchesTable.releaseClaims(
                        job: job.name, lineIDs: group.lineIDs)
                    {
                        try connection.execute(statement)
                    }
                }
                for statement in ManualMatchesTable.storeMatch(
                    job: job.name, groupID: group.id, lineIDs: ids, matchedOn: ExceptionStore.date(today))
                {
                    try connection.execute(statement)
                }
                let key = group.name
                try connection.execute(
                    ManualMatchesTable.appendEntry(
                        job: job.name, by: person, action: "match",
                        group: (key.merchantID, key.settlementRef, key.currency), lineIDs: ids,
                        bankTxnIDs: lines.map(\.bankTxnID), net: group.net,
                        bankAmount: lines.reduce(0) { $0 + $1.amount }, note: note))
                let resolved = try connection.execute(
                    ManualMatchesTable.resolveExceptions(
                        job: job.name, merchantID: key.merchantID, settlementRef: key.settlementRef, currency: key.currency,
                        lineIDs: ids, by: person, note: "manual match: " + note))
                return Changed(
                    group: key.description, lines: lines.map { "\($0.bankTxnID) (\($0.account))" },
                    net: AmountText.format(group.net, currencyCode: key.currency) ?? "",
                    exceptions: (0..<resolved.rowCount).map { row in
                        "\(resolved.string(row: row, column: 0)!) \(resolved.string(row: row, column: 1)!): "
                            + "\(resolved.string(row: row, column: 2)!) → resolved (manual_match)"
                    })
            }
        }
    }

    /// `recon unmatch`: undoes a manual match. The group is `pending` until
    /// the next reconcile decides it; its lines are open; the exceptions the
    /// match resolved are open again. Refuses a group not matched by hand.
    public func unmatch(
        _ selector: GroupSelector, note: String, by person: String, lockWait: LockWait
    ) throws -> Changed {
        try underJobLock(lockWait) {
            try connection.transaction {
                let group = try lockGroup(selector)
                guard group.rule == ManualMatchesTable.rule else {
                    let how =
                        group.rule.map { "matched by rule \($0)\(group.matchedOn.map { " on \($0)" } ?? ""), not by hand" }
                        ?? "not matched"
                    throw ManualMatchRefused(
                        reason: "\(group.name) is \(how): recon unmatch undoes only manual matches (recon show "
                            + "\(job.file) \(group.name.settlementRef) tells its story)")
                }
                let ids = group.lineIDs
                let lines = try connection.execute(ManualMatchesTable.linesOfUnmatch(ids: ids))
                for statement in ManualMatchesTable.releaseClaims(job: job.name, lineIDs: ids) {
                    try connection.execute(statement)
                }
                try connection.execute(ManualMatchesTable.storeUnmatch(groupID: group.id))
                let key = group.name
                let txnIDs = (0..<lines.rowCount).map { lines.string(row: $0, column: 0) ?? "" }
                try connection.execute(
                    ManualMatchesTable.appendEntry(
                        job: job.name, by: person, action: "unmatch",
                        group: (key.merchantID, key.settlementRef, key.currency), lineIDs: ids,
                        bankTxnIDs: txnIDs, net: group.net,
                        bankAmount: (0..<lines.rowCount).reduce(0) { $0 + (lines.int64(row: $1, column: 2) ?? 0) },
                        note: note))
                let reopened = try connection.execute(
                    ManualMatchesTable.reopenExceptions(
                        job: job.name, merchantID: key.merchantID, settlementRef: key.settlementRef, currency: key.currency,
                        lineIDs: ids, by: person, note: "open again: manual match undone: " + note))
                return Changed(
                    group: key.description,
                    lines: (0..<lines.rowCount).map { "\(txnIDs[$0]) (\(lines.string(row: $0, column: 1) ?? ""))" },
                    net: AmountText.format(group.net, currencyCode: key.currency) ?? "",
                    exceptions: (0..<reopened.rowCount).map { row in
                        "\(reopened.string(row: row, column: 0)!) \(reopened.string(row: row, column: 1)!): resolved → open"
                    })
            }
        }
    }

    private func underJobLock<T>(_ wait: LockWait, _ body: () throws -> T) throws -> T {
        let lock = JobLock(connection: connection, job: job.name)
        try lock.acquire(wait)
        defer { try? lock.release() }
        return try body()
    }
}
