import Dispatch
import ReconCore
import ReconStore

/// Settles the bulk of a night before the ``Reconciler`` runs: streams every
/// open group (aggregated by the server) and open line in compact form
/// through a ``ReferencePrematcher``, writes the clean reference pairs it
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

    /// With `enabled` false nothing is settled and everything open is left
    /// to the Reconciler (the equivalence tests compare both).
    func run(runDate: CivilDate, enabled: Bool = true) throws -> Outcome {
        var clock = PhaseClock()
        var seconds: [String: String] = [:]
        let (lines, groups) = try streamLinesAndGroups()
        seconds["seconds_stream"] = clock.lap()
        var matcher = ReferencePrematcher(windowDays: job.windowDays, lines: lines, groups: groups)
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

    /// Lines first, stored as they come; then, while the server aggregates
    /// the groups (a second or more of hashing on its side), another thread
    /// indexes the lines, so both cores work.
    private func streamLinesAndGroups() throws -> (ReferencePrematcher.Lines, ReferencePrematcher.Groups) {
        let box = LinesBeingIndexed(try Self.streamLines(connection: connection, job: job))
        let indexed = DispatchGroup()
        DispatchQueue.global().async(group: indexed) { box.lines.index() }
        defer { indexed.wait() }
        let groups = try streamGroups()
        indexed.wait()
        return (box.lines, groups)
    }

    /// The lines, handed to the indexing thread and back; `DispatchGroup.wait`
    /// orders the accesses.
    private final class LinesBeingIndexed: @unchecked Sendable {
        var lines: ReferencePrematcher.Lines
        init(_ lines: ReferencePrematcher.Lines) { self.lines = lines }
    }

    private static func streamLines(connection: PostgresConnection, job: JobFile) throws -> ReferencePrematcher.Lines {
        let jobName = try connection.escapeLiteral(job.name)
        let epoch = CalendarMath.postgresEpochOffsetDays
        var lines = ReferencePrematcher.Lines()
        try connection.copyOut(
            """
            select l.id, l.reference, l.amount, l.currency, l.booking_date from bank_lines l
            where l.job = \(jobName) and not exists (select 1 from recon_matches m where m.bank_line_id = l.id)
            """
        ) { row in
            lines.add(
                id: row.int64(0)!, reference: row.text(1), amount: row.int64(2)!, currency: row.text(3)!,
                bookingDay: Int(row.int32(4)!) + epoch)
        }
        return lines
    }

    private func streamGroups() throws -> ReferencePrematcher.Groups {
        let jobName = try connection.escapeLiteral(job.name)
        let source = try connection.escapeLiteral(job.source)
        let epoch = CalendarMath.postgresEpochOffsetDays
        var groups = ReferencePrematcher.Groups()
        // One hash aggregate over every open transaction: give it memory
        // rather than spill, and skip JIT compiling for a statement run once.
        try connection.execute("set local work_mem = '256MB'")
        try connection.execute("set local jit = off")
        defer {
            _ = try? connection.execute("reset work_mem")
            _ = try? connection.execute("reset jit")
        }
        try connection.copyOut(
            """
            select t.merchant_id, t.settlement_ref, t.currency, sum(t.amount)::bigint, max(t.settlement_date)
            from transactions t
            where t.source = \(source) and not exists (
                select 1 from recon_matches m where m.job = \(jobName) and m.merchant_id = t.merchant_id
                  and m.settlement_ref = t.settlement_ref and m.currency = t.currency)
            group by t.merchant_id, t.settlement_ref, t.currency
            """
        ) { row in
            groups.add(
                .init(merchantID: row.text(0)!, settlementRef: row.text(1)!, currency: row.text(2)!),
                net: row.int64(3)!, settlementDay: Int(row.int32(4)!) + epoch)
        }
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
        try connection.copyIn("copy recon_matches (\(MatchRow.columnList)) from stdin with (format binary)") { writer in
            var encoder = BinaryCopyEncoder()
            encoder.writeHeader()
            decision = try matcher.decide { group, line in
                MatchRow.append(
                    job: job.name, bankLineID: lineIDs[line], group: groups.keys[group], rule: .reference, kind: nil,
                    net: groups.nets[group], matchedOn: runDays, to: &encoder)
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
                let key = matcher.groups.keys[group]
                encoder.beginRow(fieldCount: 3)
                encoder.appendText(key.merchantID)
                encoder.appendText(key.settlementRef)
                encoder.appendText(key.currency)
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
        var run: (day: Day, net: Int64)?
        for pair in decision.pairs {
            let key = groups.keys[pair.group]
            let day = groups.days[pair.group]
            if let current = run, current.day.day == day, current.day.currency == key.currency {
                run = (current.day, current.net + groups.nets[pair.group])
                continue
            }
            if let current = run { sums[current.day, default: 0] += current.net }
            run = (Day(currency: key.currency, day: day), groups.nets[pair.group])
        }
        if let current = run { sums[current.day, default: 0] += current.net }
        return Outcome(
            matchedGroups: decision.pairs.count,
            amounts: sums.compactMap { sum in
                CivilDate(daysSinceEpoch: sum.key.day).map { (sum.key.currency, $0, sum.value) }
            },
            restGroups: decision.restGroups.count, restLines: decision.restLines.count)
    }
}
