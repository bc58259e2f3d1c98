import ReconCore
import ReconStore

/// Settles the bulk of a night before the ``Reconciler`` runs: sums every
/// open transaction into its group, then streams every open line in compact
/// form through a ``ReferencePrematcher``, writes the clean reference pairs it
/// finds with one COPY, and leaves the rest in the temporary tables
/// `reconcile_rest_groups` and `reconcile_rest_lines` for ``ReconcileStore``
/// to load in full. Loading a million full groups and lines into the
/// Reconciler cost six times a plain SQL join; this streams two narrow
/// result sets and writes the matches once.
struct ReferencePrematch {
    struct Outcome {
        var matchedGroups = 0
        /// Net of the settled groups per currency and settlement date.
        var amounts: [(currency: String, settlementDate: CivilDate, net: Int64)] = []
        var restGroups = 0
        var restLines = 0
        /// Wall time of each step, for the log.
        var seconds: [String: String] = [:]
    }

    let connection: PostgresConnection
    let job: JobFile

    /// Decides the night's open groups and lines. `lineSession` is a second
    /// session, outside this transaction: the lines are read there while
    /// this one inserts the pairs. It sees the committed matches only, so
    /// the `released` lines of this transaction (in
    /// `reconcile_released_lines`) are read here first. With `enabled` false
    /// nothing is settled and everything open is left to the Reconciler (the
    /// equivalence tests compare both).
    func run(runDate: CivilDate, lineSession: PostgresConnection, released: Int, enabled: Bool = true) throws -> Outcome {
        var clock = PhaseClock()
        var seconds: [String: String] = [:]
        let releasedLines = try readReleasedLines(count: released)
        let groups = try streamGroups()
        seconds["seconds_groups"] = clock.lap()
        var matcher = ReferencePrematcher(windowDays: job.windowDays, groups: groups, pairing: enabled)
        try pairLinesAndStore(&matcher, releasedLines: releasedLines, lineSession: lineSession, runDate: runDate)
        let decision = matcher.finish()
        if !decision.retractedLineIDs.isEmpty {
            try connection.execute(ReconMatchesTable.retract(job: job.name, bankLineIDs: decision.retractedLineIDs))
        }
        seconds["seconds_lines_and_pairs"] = clock.lap()
        try storePairs(decision, matcher: matcher)
        try storeRest(decision, matcher: matcher)
        var outcome = outcome(decision, matcher: matcher)
        outcome.seconds = seconds
        return outcome
    }

    private func readReleasedLines(count: Int) throws -> ReferencePrematcher.Lines {
        var lines = ReferencePrematcher.Lines()
        guard count > 0 else { return lines }
        try Self.streamLines(on: connection, job: job, released: true) {
            id, reference, amount, currency, day in
            lines.add(id: id, reference: reference, amount: amount, currency: currency, bookingDay: day)
        }
        return lines
    }

    /// Reads the open groups of the source from `settlement_groups` (its
    /// partial index of open groups: never the matched history).
    private func streamGroups() throws -> ReferencePrematcher.Groups {
        let epoch = CalendarMath.postgresEpochOffsetDays
        var groups = ReferencePrematcher.Groups()
        try connection.copyOutWithEscapedLiterals({ literal throws(DatabaseError) in
            SettlementGroupsTable.copyOpenGroups(sourceLiteral: try literal(job.source))
        }) { row in
            groups.add(
                merchantID: row.bytes(0)!, settlementRef: row.bytes(1)!, currency: row.bytes(2)!, amount: row.int64(3)!,
                settlementDay: Int(row.int32(4)!) + epoch)
        }
        return groups
    }

    /// Reads the lines on `lineSession` and decides each as it comes,
    /// writing its pair into one binary COPY on this session: the server
    /// inserts while the lines are still arriving. The lines come in table
    /// order, which follows their ids, so recon_matches' primary key grows
    /// at its end (a third of the cost of inserting in random order).
    private func pairLinesAndStore(
        _ matcher: inout ReferencePrematcher, releasedLines: ReferencePrematcher.Lines, lineSession: PostgresConnection,
        runDate: CivilDate
    ) throws {
        let runDays = Int32(runDate.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays)
        let groups = matcher.groups
        _ = try connection.copyIn(ReconMatchesTable.copyRows) { writer in
            var encoder = BinaryCopyEncoder()
            encoder.writeHeader()
            func decide(
                _ id: Int64, _ reference: UnsafeRawBufferPointer?, _ amount: Int64, _ currency: UnsafeRawBufferPointer,
                _ day: Int
            ) throws {
                guard
                    let group = matcher.decide(
                        lineID: id, reference: reference, amount: amount, currency: currency, bookingDay: day)
                else { return }
                groups.withKeyBytes(group) { merchantID, settlementRef, currency in
                    MatchRow.appendReferenceMatch(
                        job: job.name, bankLineID: id, merchantID: merchantID, settlementRef: settlementRef,
                        currency: currency, net: groups.net(group), matchedOn: runDays, to: &encoder)
                }
                try writer.sendIfFull(&encoder)
            }
            try releasedLines.forEach(decide)
            try Self.streamLines(on: lineSession, job: job, released: false, decide)
            // Still on the other session, while this one finishes inserting.
            let reading = matcher.linesReadingDescriptions
            if !reading.isEmpty {
                // The reference too: one naming no group exactly is cut into
                // tokens like the description (many-to-one, SPEC §5.6).
                let ids = "{" + reading.map(String.init).joined(separator: ",") + "}"
                try lineSession.copyOutWithEscapedLiterals({ literal throws(DatabaseError) in
                    BankLinesTable.copyWords(idsLiteral: try literal(ids))
                }) { row in
                    matcher.addDescription(row.text(0)!)
                }
            }
            encoder.writeTrailer()
            try writer.send(&encoder)
        }
    }

    /// The open lines of the job (`open_bank_lines`, as last committed), or
    /// with `released` the lines this night's release freed (on the night's
    /// own session, which sees them).
    private static func streamLines(
        on session: PostgresConnection, job: JobFile, released: Bool,
        _ line: (
            _ id: Int64, _ reference: UnsafeRawBufferPointer?, _ amount: Int64, _ currency: UnsafeRawBufferPointer,
            _ day: Int
        ) throws -> Void
    ) throws {
        let epoch = CalendarMath.postgresEpochOffsetDays
        try session.copyOutWithEscapedLiterals({ literal throws(DatabaseError) in
            let jobLiteral = try literal(job.name)
            return released
                ? BankLinesTable.copyReleasedLines(jobLiteral: jobLiteral) : BankLinesTable.copyOpenLines(jobLiteral: jobLiteral)
        }) { row in
            try line(row.int64(0)!, row.bytes(1), row.int64(2)!, row.bytes(3)!, Int(row.int32(4)!) + epoch)
        }
    }

    /// The pairs that hold, for the groups' state (``ReconcileStore/storeGroupStates``).
    private func storePairs(_ decision: ReferencePrematcher.Decision, matcher: ReferencePrematcher) throws {
        guard !decision.pairs.isEmpty else { return }
        let groups = matcher.groups
        try connection.copyIn(SettlementGroupsTable.copyPairs, rows: decision.pairs) { pair, encoder in
            groups.withKeyBytes(pair.group) { merchantID, settlementRef, currency in
                encoder.beginRow(fieldCount: 5)
                encoder.appendText(merchantID)
                encoder.appendText(settlementRef)
                encoder.appendText(currency)
                encoder.appendInt64(groups.net(pair.group))
                encoder.appendInt64(pair.lineID)
            }
        }
    }

    private func storeRest(_ decision: ReferencePrematcher.Decision, matcher: ReferencePrematcher) throws {
        for statement in NightTables.createRest { try connection.execute(statement) }
        if !decision.restGroups.isEmpty {
            try connection.copyIn(NightTables.copyRestGroups, rows: decision.restGroups) { group, encoder in
                matcher.groups.withKeyBytes(group) { merchantID, settlementRef, currency in
                    encoder.beginRow(fieldCount: 3)
                    encoder.appendText(merchantID)
                    encoder.appendText(settlementRef)
                    encoder.appendText(currency)
                }
            }
        }
        if !decision.restLineIDs.isEmpty {
            try connection.copyIn(NightTables.copyRestLines, rows: decision.restLineIDs) { id, encoder in
                encoder.beginRow(fieldCount: 1)
                encoder.appendInt64(id)
            }
        }
    }

    private func outcome(_ decision: ReferencePrematcher.Decision, matcher: ReferencePrematcher) -> Outcome {
        struct Day: Hashable {
            var currency: String
            var day: Int
        }
        var sums: [Day: Int64] = [:]
        let groups = matcher.groups
        // Pairs come in bank line order, where neighbours mostly share a
        // currency and a day: sum runs, hash once per run.
        var run: (currency: String, day: Int, net: Int64)?
        for pair in decision.pairs {
            let day = groups.settlementDay(pair.group)
            let net = groups.net(pair.group)
            if let current = run, current.day == day, groups.currency(pair.group) == current.currency {
                run!.net += net
                continue
            }
            if let current = run { sums[Day(currency: current.currency, day: current.day), default: 0] += current.net }
            run = (groups.currency(pair.group), day, net)
        }
        if let current = run { sums[Day(currency: current.currency, day: current.day), default: 0] += current.net }
        return Outcome(
            matchedGroups: decision.pairs.count,
            amounts: sums.compactMap { sum in
                CivilDate(daysSinceEpoch: sum.key.day).map { (sum.key.currency, $0, sum.value) }
            },
            restGroups: decision.restGroups.count, restLines: decision.restLineIDs.count)
    }
}

/// A settlement group whose transactions sum beyond what a bigint holds.
struct GroupNetOutOfRange: Error, CustomStringConvertible {
    let group: SettlementGroup.Key

    var description: String {
        "settlement group \(group.merchantID)/\(group.settlementRef)/\(group.currency): its transactions sum beyond "
            + "±9223372036854775807 minor units, which recon cannot store; check the transactions of this group"
    }
}
