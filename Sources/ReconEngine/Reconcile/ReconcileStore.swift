import ReconCore
import ReconStore

/// Loads one night's reconciliation input from PostgreSQL and stores its
/// decisions. Runs inside one transaction under the job lock, so a night is
/// decided entirely or not at all.
///
/// Carry-forward (SPEC §5.5): a group stays closed while clean matches from an
/// earlier night hold it with an unchanged net. Everything else is decided
/// again each night: open groups and lines, groups whose match was a mismatch
/// (their lines are released and re-examined, keeping `first_seen`), and
/// groups reopened by a late transaction (their net changed since the match).
/// Reconciling date D again first undoes the decisions of D and later.
struct ReconcileStore {
    let connection: PostgresConnection
    let job: JobFile

    private var jobName: PostgresValue { .text(job.name) }
    private var source: PostgresValue { .text(job.source) }

    private func date(_ date: CivilDate) -> PostgresValue {
        .date(daysSince2000: Int32(date.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays))
    }

    /// Forgets what must be decided again tonight. The lines whose matches
    /// it deletes are kept in the temporary table `reconcile_released_lines`
    /// (their number is returned): the open lines are read on a second
    /// session, which sees these matches until this transaction commits.
    func releaseUndecided(runDate: CivilDate) throws -> Int {
        try connection.execute(
            "create temporary table if not exists reconcile_released_lines (id bigint) on commit drop")
        func release(_ delete: String, _ parameters: [PostgresValue?]) throws -> Int {
            let result = try connection.execute(
                "with released as (\(delete) returning m.bank_line_id) "
                    + "insert into reconcile_released_lines select bank_line_id from released",
                parameters)
            return Int(result.affectedRowCount ?? 0)
        }
        var released = try release(
            "delete from recon_matches m where m.job = $1 and m.matched_on >= $2", [jobName, date(runDate)])
        try connection.execute("delete from recon_mismatches where job = $1 and run_date >= $2", [jobName, date(runDate)])
        // A group with any mismatch among its matches (e.g. a duplicate line
        // beside its payout) stays open: all its lines are re-examined, so the
        // mismatch is reported again each night until it is resolved.
        released += try release(
            """
            delete from recon_matches m using (
                select distinct merchant_id, settlement_ref, currency from recon_matches where job = $1 and kind is not null
            ) open
            where m.job = $1 and m.merchant_id = open.merchant_id and m.settlement_ref = open.settlement_ref
              and m.currency = open.currency
            """, [jobName])
        released += try release(
            """
            delete from recon_matches m
            using (select merchant_id, settlement_ref, currency, sum(amount) as net
                   from transactions where source = $2 group by merchant_id, settlement_ref, currency) g
            where m.job = $1 and m.merchant_id = g.merchant_id and m.settlement_ref = g.settlement_ref
              and m.currency = g.currency and m.net_at_match <> g.net
            """, [jobName, source])
        return released
    }

    /// The open groups ``ReferencePrematch`` left for the Reconciler, in full.
    func loadRestGroups(count: Int) throws -> [SettlementGroup] {
        var groups: [SettlementGroup] = []
        guard count > 0 else { return groups }
        groups.reserveCapacity(count)
        try connection.forEachBatch(
            """
            select \(SettlementGroupColumns.select)
            from transactions t join reconcile_rest_groups r using (merchant_id, settlement_ref, currency)
            where t.source = $1
            group by merchant_id, settlement_ref, currency
            """, [source]
        ) { rows in
            for row in 0..<rows.rowCount {
                if let group = SettlementGroupColumns.decode(rows, row: row) { groups.append(group) }
            }
        }
        return groups
    }

    /// The open lines ``ReferencePrematch`` left for the Reconciler, in full.
    func loadRestLines(count: Int) throws -> [OpenBankLine] {
        var lines: [OpenBankLine] = []
        guard count > 0 else { return lines }
        lines.reserveCapacity(count)
        try connection.forEachBatch(
            """
            select l.id, l.account, l.booking_date::text, l.value_date::text, l.amount, l.currency, l.reference,
                   l.description, l.bank_txn_id, l.source_line
            from bank_lines l join reconcile_rest_lines r on r.id = l.id
            """, []
        ) { rows in
            for row in 0..<rows.rowCount {
                guard let currency = Currency(code: rows.string(row: row, column: 5)!),
                    let booking = CivilDate(iso: rows.string(row: row, column: 2)!)
                else { continue }
                let line = BankLine(
                    account: rows.string(row: row, column: 1)!, bookingDate: booking,
                    valueDate: rows.string(row: row, column: 3).flatMap(CivilDate.init(iso:)),
                    amount: rows.int64(row: row, column: 4)!, currency: currency,
                    reference: rows.string(row: row, column: 6), description: rows.string(row: row, column: 7)!,
                    bankTransactionID: rows.string(row: row, column: 8),
                    sourceLine: Int(rows.int32(row: row, column: 9) ?? 0))
                lines.append(OpenBankLine(bankLineID: rows.int64(row: row, column: 0)!, line: line))
            }
        }
        return lines
    }

    func loadStatementGaps() throws -> [StatementGap] {
        let rows = try connection.execute(
            "select account, detail from statement_gaps where job = $1 order by account, detail", [jobName])
        return (0..<rows.rowCount).map {
            StatementGap(account: rows.string(row: $0, column: 0)!, detail: rows.string(row: $0, column: 1)!)
        }
    }

    /// `first_seen` of every mismatch reported before `runDate`.
    func loadFirstSeen(before runDate: CivilDate) throws -> [String: CivilDate] {
        var firstSeen: [String: CivilDate] = [:]
        try connection.forEachBatch(
            "select identity, min(first_seen)::text from recon_mismatches where job = $1 and run_date < $2 group by identity",
            [jobName, date(runDate)]
        ) { rows in
            for row in 0..<rows.rowCount {
                if let day = CivilDate(iso: rows.string(row: row, column: 1)!) {
                    firstSeen[rows.string(row: row, column: 0)!] = day
                }
            }
        }
        return firstSeen
    }

    /// Identities reported by the latest run before `runDate`, for new/resolved counts.
    func previousRunIdentities(before runDate: CivilDate) throws -> Set<String> {
        var identities: Set<String> = []
        try connection.forEachBatch(
            """
            select identity from recon_mismatches where job = $1 and run_date =
                (select max(run_date) from recon_mismatches where job = $1 and run_date < $2)
            """, [jobName, date(runDate)]
        ) { rows in
            for row in 0..<rows.rowCount { identities.insert(rows.string(row: row, column: 0)!) }
        }
        return identities
    }

    func save(_ result: ReconcileResult, groups: [SettlementGroup.Key: SettlementGroup], runDate: CivilDate) throws {
        let runDays = Int32(runDate.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays)
        let matchedLines = result.matches.lazy.flatMap { match in match.bankLineIDs.lazy.map { (match, $0) } }
        try connection.copyIn(
            "copy recon_matches (\(MatchRow.columnList)) from stdin with (format binary)", rows: matchedLines
        ) { row, encoder in
            let (match, lineID) = row
            MatchRow.append(
                job: job.name, bankLineID: lineID, group: match.groupKey, rule: match.rule, kind: match.mismatchKind,
                net: groups[match.groupKey]?.net ?? 0, matchedOn: runDays, to: &encoder)
        }
        var seen: Set<String> = []
        let mismatches = result.mismatches.filter { seen.insert($0.identity).inserted }
        try connection.copyIn(
            "copy recon_mismatches (job, run_date, identity, kind, first_seen, detail) from stdin with (format binary)",
            rows: mismatches
        ) { mismatch, encoder in
            encoder.beginRow(fieldCount: 6)
            encoder.appendText(job.name)
            encoder.appendDate(daysSince2000: runDays)
            encoder.appendText(mismatch.identity)
            encoder.appendText(mismatch.kind.rawValue)
            let firstSeen = mismatch.firstSeen ?? runDate
            encoder.appendDate(daysSince2000: Int32(firstSeen.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays))
            encoder.appendText(StorableText.clean(mismatch.detail))
        }
    }
}
