import Dispatch
import ReconCore
import ReconStore

/// Settles the bulk of a night before the ``Reconciler`` runs: streams every
/// open group (aggregated by the server) and open line (``OpenLinesReading``)
/// in compact form through a ``ReferencePrematcher``, writes the clean reference pairs it
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

    /// Decides the night's open groups and lines: the lines come from
    /// `openLines` (started before the release) plus the `released` lines
    /// of this transaction. With `enabled` false nothing is settled and
    /// everything open is left to the Reconciler (the equivalence tests
    /// compare both).
    func run(runDate: CivilDate, openLines: OpenLinesReading, released: Int, enabled: Bool = true) throws -> Outcome {
        var clock = PhaseClock()
        var seconds: [String: String] = [:]
        openLines.handOver(released: try OpenLinesReading.released(on: connection, job: job, count: released))
        let groups = try streamGroups(openLines)
        seconds["seconds_stream"] = clock.lap()
        var matcher = ReferencePrematcher(windowDays: job.windowDays, groups: groups)
        let lines = matcher.lines
        let reading = matcher.linesReadingDescriptions
        if !reading.isEmpty {
            let ids = "{" + reading.map { String(lines.ids[$0]) }.joined(separator: ",") + "}"
            try connection.forEachBatch("select description from bank_lines where id = any($1::bigint[])", [.text(ids)]) {
                rows in
                for row in 0..<rows.rowCount { matcher.addDescription(rows.string(row: row, column: 0)!) }
            }
        }
        let decision = try enabled ? decideAndStore(matcher, runDate: runDate) : matcher.decideNothing()
        seconds["seconds_pair_and_store"] = clock.lap()
        try storeRest(decision, matcher: matcher)
        var outcome = outcome(decision, matcher: matcher)
        outcome.seconds = seconds
        return outcome
    }

    /// Sums every open transaction into its group as the server sends them
    /// (cheaper than having the server hash them all before sending the
    /// first group), linking the groups to the lines once the other thread
    /// has them indexed.
    private func streamGroups(_ openLines: OpenLinesReading) throws -> ReferencePrematcher.Groups {
        let jobName = try connection.escapeLiteral(job.name)
        let source = try connection.escapeLiteral(job.source)
        let epoch = CalendarMath.postgresEpochOffsetDays
        var groups = ReferencePrematcher.Groups()
        var rows = 0
        // A plan run once: skip JIT compiling it.
        try connection.execute("set local jit = off")
        defer { _ = try? connection.execute("reset jit") }
        try connection.copyOut(
            """
            select t.merchant_id, t.settlement_ref, t.currency, t.amount, t.settlement_date
            from transactions t
            where t.source = \(source) and not exists (
                select 1 from recon_matches m where m.job = \(jobName) and m.merchant_id = t.merchant_id
                  and m.settlement_ref = t.settlement_ref and m.currency = t.currency)
            """
        ) { row in
            groups.add(
                merchantID: row.bytes(0)!, settlementRef: row.bytes(1)!, currency: row.bytes(2)!, amount: row.int64(3)!,
                settlementDay: Int(row.int32(4)!) + epoch)
            rows += 1
            if rows % 4096 == 0, !groups.isLinked, openLines.isFinished { groups.link(try openLines.finish()) }
        }
        if !groups.isLinked { groups.link(try openLines.finish()) }
        if let group = groups.firstUnrepresentableNet() { throw GroupNetOutOfRange(group: group) }
        return groups
    }

    /// Decides and writes each pair with one binary COPY as it is found: the
    /// server inserts while the client is still deciding.
    private func decideAndStore(_ matcher: ReferencePrematcher, runDate: CivilDate) throws
        -> ReferencePrematcher.Decision
    {
        let runDays = Int32(runDate.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays)
        var decision = ReferencePrematcher.Decision()
        let groups = matcher.groups
        let lineIDs = matcher.lines.ids
        _ = try connection.copyIn("copy recon_matches (\(MatchRow.columnList)) from stdin with (format binary)") { writer in
            var encoder = BinaryCopyEncoder()
            encoder.writeHeader()
            decision = try matcher.decide { group, line in
                groups.withKeyBytes(group) { merchantID, settlementRef, currency in
                    MatchRow.appendReferenceMatch(
                        job: job.name, bankLineID: lineIDs[line], merchantID: merchantID, settlementRef: settlementRef,
                        currency: currency, net: groups.net(group), matchedOn: runDays, to: &encoder)
                }
                try writer.sendIfFull(&encoder)
            }
            encoder.writeTrailer()
            try writer.send(&encoder)
        }
        return decision
    }

    private func storeRest(_ decision: ReferencePrematcher.Decision, matcher: ReferencePrematcher) throws {
        try connection.execute(
            """
            create temporary table if not exists reconcile_rest_groups
                (merchant_id text, settlement_ref text, currency text) on commit drop
            """)
        try connection.execute("create temporary table if not exists reconcile_rest_lines (id bigint) on commit drop")
        if !decision.restGroups.isEmpty {
            try connection.copyIn(
                "copy reconcile_rest_groups (merchant_id, settlement_ref, currency) from stdin with (format binary)",
                rows: decision.restGroups
            ) { group, encoder in
                matcher.groups.withKeyBytes(group) { merchantID, settlementRef, currency in
                    encoder.beginRow(fieldCount: 3)
                    encoder.appendText(merchantID)
                    encoder.appendText(settlementRef)
                    encoder.appendText(currency)
                }
            }
        }
        if !decision.restLines.isEmpty {
            try connection.copyIn("copy reconcile_rest_lines (id) from stdin with (format binary)", rows: decision.restLines) {
                line, encoder in
                encoder.beginRow(fieldCount: 1)
                encoder.appendInt64(matcher.lines.ids[line])
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
            restGroups: decision.restGroups.count, restLines: decision.restLines.count)
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
