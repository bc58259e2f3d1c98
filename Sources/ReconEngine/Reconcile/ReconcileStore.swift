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

    private func date(_ date: CivilDate) -> PostgresValue {
        .date(daysSince2000: Int32(date.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays))
    }

    /// Forgets what must be decided again tonight, touching only the groups
    /// concerned (through `settlement_groups`' indexes, never the matched
    /// history): the groups decided on this date or later (a rerun), and the
    /// open groups that still hold lines (a mismatch beside them, or a net
    /// changed by a late transaction). Their lines are kept in the temporary
    /// table `reconcile_released_lines` (their number is returned) and put
    /// back among the open lines: the open lines are read on a second
    /// session, which sees these claims until this transaction commits.
    func releaseUndecided(runDate: CivilDate) throws -> Int {
        for statement in SettlementGroupsTable.createDecisionTables { try connection.execute(statement) }
        var released = try connection.execute(
            SettlementGroupsTable.releaseMatched(source: job.source, onOrAfter: date(runDate))).affectedRowCount ?? 0
        released += try connection.execute(SettlementGroupsTable.releaseOpen(source: job.source)).affectedRowCount ?? 0
        try connection.execute(ReconMismatchesTable.deleteNights(job: job.name, onOrAfter: date(runDate)))
        guard released > 0 else { return 0 }
        try connection.execute(NightTables.analyze(NightTables.releasedLines))
        try connection.execute(ReconMatchesTable.deleteLines(idsIn: NightTables.releasedLines))
        try connection.execute(OpenBankLinesTable.reopen(fromIDsIn: NightTables.releasedLines))
        return Int(released)
    }

    /// The open groups ``ReferencePrematch`` left for the Reconciler, in full.
    func loadRestGroups(count: Int) throws -> [SettlementGroup] {
        var groups: [SettlementGroup] = []
        guard count > 0 else { return groups }
        groups.reserveCapacity(count)
        try connection.forEachBatch(SettlementGroupsTable.restGroups(source: job.source)) { rows in
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
        try connection.forEachBatch(BankLinesTable.restLines) { rows in
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
        let rows = try connection.execute(StatementGapsTable.all(job: job.name))
        return (0..<rows.rowCount).map {
            StatementGap(account: rows.string(row: $0, column: 0)!, detail: rows.string(row: $0, column: 1)!)
        }
    }

    /// Fills in `first_seen` of tonight's mismatches: the earliest run date
    /// each was reported on (at most `runDate`), looked up by identity in
    /// `mismatch_first_seen`, which then records tonight's.
    func fillFirstSeen(_ mismatches: inout [Mismatch], runDate: CivilDate) throws {
        guard !mismatches.isEmpty else { return }
        try connection.execute(MismatchFirstSeenTable.createTonightsIdentities)
        let identities = Set(mismatches.map(\.identity))
        try connection.copyIn(MismatchFirstSeenTable.copyTonightsIdentities, rows: identities) { identity, encoder in
            encoder.beginRow(fieldCount: 1)
            encoder.appendText(identity)
        }
        try connection.execute(NightTables.analyze(NightTables.tonightsIdentities))
        var stored: [String: CivilDate] = [:]
        try connection.forEachBatch(MismatchFirstSeenTable.stored(job: job.name)) { rows in
            for row in 0..<rows.rowCount {
                if let day = CivilDate(iso: rows.string(row: row, column: 1)!) { stored[rows.string(row: row, column: 0)!] = day }
            }
        }
        for index in mismatches.indices {
            let seen = stored[mismatches[index].identity].map { min($0, runDate) } ?? runDate
            mismatches[index].firstSeen = seen
        }
        try connection.execute(MismatchFirstSeenTable.record(job: job.name, runDate: date(runDate)))
    }

    /// Identities reported by the latest run before `runDate`, for new/resolved counts.
    func previousRunIdentities(before runDate: CivilDate) throws -> Set<String> {
        var identities: Set<String> = []
        try connection.forEachBatch(ReconMismatchesTable.identitiesOfNightBefore(job: job.name, date(runDate))) { rows in
            for row in 0..<rows.rowCount { identities.insert(rows.string(row: row, column: 0)!) }
        }
        return identities
    }

    func save(_ result: ReconcileResult, groups: [SettlementGroup.Key: SettlementGroup], runDate: CivilDate) throws {
        let runDays = Int32(runDate.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays)
        let matchedLines = result.matches.lazy.flatMap { match in match.bankLineIDs.lazy.map { (match, $0) } }
        // A many-to-one line's rows are numbered in match order (group key
        // order), so a rerun numbers them alike.
        var partsOfSharedLines: [Int64: Int16] = [:]
        try connection.copyIn(ReconMatchesTable.copyRowsWithPart, rows: matchedLines) { row, encoder in
            let (match, lineID) = row
            var part: Int16 = 0
            if match.sharesLine {
                part = partsOfSharedLines[lineID, default: 0]
                partsOfSharedLines[lineID] = part + 1
            }
            MatchRow.append(
                job: job.name, bankLineID: lineID, part: part, group: match.groupKey, rule: match.rule,
                kind: match.mismatchKind, net: groups[match.groupKey]?.net ?? 0, matchedOn: runDays, to: &encoder)
        }
        var seen: Set<String> = []
        let mismatches = result.mismatches.filter { seen.insert($0.identity).inserted }
        try connection.copyIn(ReconMismatchesTable.copyRows, rows: mismatches) { mismatch, encoder in
            encoder.beginRow(fieldCount: Int16(ReconMismatchesTable.columns.count))
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

extension ReconcileStore {
    /// Records on each group decided tonight what was decided (status, the
    /// lines it claims, rule, net), and takes the claimed lines out of the
    /// open lines. The prematched pairs are in `reconcile_pairs` already.
    func storeGroupStates(_ result: ReconcileResult, groups: [SettlementGroup.Key: SettlementGroup], runDate: CivilDate)
        throws
    {
        var matchesByGroup: [SettlementGroup.Key: [ReconcileMatch]] = [:]
        for match in result.matches { matchesByGroup[match.groupKey, default: []].append(match) }
        let mismatched = Set(result.mismatchedGroupKeys).union(result.missingGroupKeys)
        let decided = Array(groups.keys)
        try connection.copyIn(SettlementGroupsTable.copyGroupState, rows: decided) { key, encoder in
            let matches = matchesByGroup[key] ?? []
            let status =
                mismatched.contains(key) ? "mismatched" : matches.contains(where: \.isClean) ? "matched" : "pending"
            let closed = !matches.isEmpty && matches.allSatisfy(\.isClean)
            let rule = (matches.first(where: \.isClean) ?? matches.first)?.rule.rawValue
            let shared = matches.contains(where: \.sharesLine)
            let net = groups[key]!.net
            let lines: [(id: Int64?, clean: Bool)] =
                matches.isEmpty ? [(nil, false)] : matches.flatMap { match in match.bankLineIDs.map { ($0, match.isClean) } }
            for (lineID, clean) in lines {
                encoder.beginRow(fieldCount: 10)
                encoder.appendText(key.merchantID)
                encoder.appendText(key.settlementRef)
                encoder.appendText(key.currency)
                encoder.appendText(status)
                encoder.appendBool(closed)
                if matches.isEmpty { encoder.appendNull() } else { encoder.appendInt64(net) }
                if let rule { encoder.appendText(rule) } else { encoder.appendNull() }
                if let lineID { encoder.appendInt64(lineID) } else { encoder.appendNull() }
                encoder.appendBool(clean)
                encoder.appendBool(shared)
            }
        }
        try connection.execute(NightTables.analyze(NightTables.pairs))
        try connection.execute(NightTables.analyze(NightTables.groupStates))
        for statement in LocalSettings.keyProbesOnly { try connection.execute(statement) }
        for statement in SettlementGroupsTable.storeDecisions(source: job.source, runDay: date(runDate)) {
            try connection.execute(statement)
        }
        for statement in LocalSettings.anyJoins { try connection.execute(statement) }
        try connection.execute(OpenBankLinesTable.close(idsIn: SettlementGroupsTable.claimedTonight))
    }
}
