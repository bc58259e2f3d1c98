import ReconCore
import ReconStore

/// Reads the story of a group or bank line for `recon show` (SPEC §9),
/// through the lookups of ``ItemStoryTable``, in one read-only snapshot.
public struct ItemStoryLoader {
    let connection: PostgresConnection
    let job: JobFile

    public init(connection: PostgresConnection, job: JobFile) {
        self.connection = connection
        self.job = job
    }

    /// Nothing of the job has this reference or bank_txn_id (exit 64).
    public struct NotFound: Error, CustomStringConvertible, ExitCoded {
        public let ref: String
        public let job: String
        public var description: String {
            "no settlement group and no bank line '\(ref)' in job '\(job)' (a settlement_ref or a bank_txn_id; "
                + "recon exceptions list JOB --state all shows both)"
        }
        public var exitStatus: ExitStatus { .usage }
    }

    /// The groups with settlement_ref `ref`, else the bank lines with that bank_txn_id.
    public func stories(ref: String) throws -> [ItemStory] {
        try connection.transaction {
            try connection.execute(LocalSettings.readOnlySnapshot)
            let groups = try connection.execute(ItemStoryTable.groups(source: job.source, settlementRef: ref))
            if groups.rowCount > 0 {
                return try (0..<groups.rowCount).map { try groupStory(groups, row: $0) }
            }
            let lines = try connection.execute(ItemStoryTable.lines(job: job.name, bankTxnID: ref))
            guard lines.rowCount > 0 else { throw NotFound(ref: ref, job: job.name) }
            return try (0..<lines.rowCount).map { try lineStory(lines, row: $0) }
        }
    }

    static let lineSectionColumns = [
        "bank_txn_id", "account", "booking_date", "amount", "currency", "reference", "description", "file", "line",
        "rule", "kind",
    ]

    /// One row of ``ItemStoryTable/lineColumns`` for the lines section.
    static func lineRow(_ rows: QueryResult, _ row: Int) -> [ItemStory.Cell] {
        let currency = rows.string(row: row, column: 5)
        return [
            .input(rows.string(row: row, column: 1)), .input(rows.string(row: row, column: 2)),
            .own(rows.string(row: row, column: 3)),
            .own(AmountText.format(rows.int64(row: row, column: 4), currencyCode: currency)), .own(currency),
            .input(rows.string(row: row, column: 6)), .input(rows.string(row: row, column: 7)),
            .input(rows.string(row: row, column: 8)), .count(Int(rows.int32(row: row, column: 9) ?? 0)),
            .own(rows.string(row: row, column: 13)), .own(rows.string(row: row, column: 14)),
        ]
    }

    /// The exceptions section and the ids in it (for the history).
    func exceptions(_ statement: SQL) throws -> (section: ItemStory.Section, ids: [String]) {
        let rows = try connection.execute(statement)
        var section = ItemStory.Section(
            name: "exceptions", title: "Exceptions",
            columns: [
                "exception_id", "kind", "state", "owner", "resolution", "at_stake", "first_seen", "last_note",
                "changed_by", "changed_at",
            ], rightAligned: ["at_stake"])
        var ids: [String] = []
        for row in 0..<rows.rowCount {
            ids.append(rows.string(row: row, column: 0)!)
            section.rows.append([
                .own(rows.string(row: row, column: 0)), .own(rows.string(row: row, column: 1)),
                .own(rows.string(row: row, column: 2)), .input(rows.string(row: row, column: 3)),
                .own(rows.string(row: row, column: 4)),
                .own(AmountText.format(rows.int64(row: row, column: 5), currencyCode: rows.string(row: row, column: 6))),
                .own(rows.string(row: row, column: 7)), .input(rows.string(row: row, column: 8)),
                .input(rows.string(row: row, column: 9)), .own(rows.string(row: row, column: 10)),
            ])
        }
        return (section, ids)
    }

    /// The audit entries of the exceptions and of the groups' manual matches, oldest first.
    func history(exceptionIDs: [String], groups: [GroupName]) throws -> ItemStory.Section {
        let rows = try connection.execute(
            ItemStoryTable.history(
                job: job.name, exceptionIDs: exceptionIDs,
                merchantIDs: groups.map(\.merchantID),
                settlementRefs: groups.map(\.settlementRef),
                currencies: groups.map(\.currency)))
        var section = ItemStory.Section(
            name: "history", title: "Audit log",
            columns: ["at", "by", "action", "exception_id", "from_state", "to_state", "note"])
        for row in 0..<rows.rowCount {
            section.rows.append([
                .own(rows.string(row: row, column: 1)), .input(rows.string(row: row, column: 2)),
                .own(rows.string(row: row, column: 3)), .own(rows.string(row: row, column: 4)),
                .own(rows.string(row: row, column: 5)), .own(rows.string(row: row, column: 6)),
                .input(rows.string(row: row, column: 7)),
            ])
        }
        return section
    }
}
