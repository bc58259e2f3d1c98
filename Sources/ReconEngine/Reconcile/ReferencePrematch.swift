import ReconCore
import ReconStore

/// Settles, inside PostgreSQL, the bulk of a night: groups paid by exactly
/// one bank line whose reference field names them and nothing else, with the
/// right currency and amount inside the window. Only what is left (usually a
/// few lines) is loaded into Swift and decided by the ``Reconciler``. Bringing
/// a million groups and lines into the process and a million matches back
/// cost six times a plain SQL join; this costs about one more join.
///
/// The statement decides exactly what the ``Reconciler`` would decide for a
/// pair (group g, line l) and for everything else, because it only takes a
/// pair when all of these hold, each one checked over *all* open groups and
/// lines of the night:
/// 1. g's `settlement_ref` is one ASCII token (``ReferenceText``: letters,
///    digits, `-` `_` `/` `.`, no `.` at either end), so its normalized form
///    `t` is its lowercase and its token sequence is `[t]`;
/// 2. g is the only open group whose normalized `settlement_ref` is `t`, and
///    l the only open line whose normalized reference is `t`: l names g alone
///    (phase 1 gives l to g) and no other line names g by reference;
/// 3. no open line that reads its description (no reference, or one naming
///    no open group) has `t` among its description tokens: no line names g
///    by description, so g gets l alone;
/// 4. l is in g's currency, pays g's net and is booked within ±W days of g's
///    settlement date: ``GroupSettlement`` settles g cleanly by `reference`.
/// Such a g and l take part in no other decision: phase 3 only pairs lines
/// that named nothing with groups nobody named, near-miss candidates are
/// drawn from unclaimed items only, and no remaining line names g. So the
/// Reconciler run on the rest decides the rest exactly as it would have with
/// the pairs included (`ReferencePrematchEquivalenceTests` checks this on
/// generated nights against the Reconciler run on everything).
///
/// Normalizing in SQL: ``ReferenceText`` trims ASCII whitespace and
/// lowercases with Unicode rules. The SQL lowercases ASCII only (`collate
/// "C"`) after mapping U+212A KELVIN SIGN to `k`: the one non-ASCII character
/// whose lowercase is ASCII (`ReferenceTextTests` checks that on the running
/// Swift). So two references equal in SQL are equal in Swift, and whenever
/// Swift would find an ASCII `t` the SQL finds it too; everything the SQL may
/// see differently (non-ASCII references) is never a prematch candidate and
/// goes to the Reconciler.
struct ReferencePrematch {
    struct Outcome {
        /// Groups (and as many lines) settled by the statement.
        var matchedGroups = 0
        /// Net of the settled groups per currency and settlement date.
        var amounts: [(currency: String, settlementDate: CivilDate, net: Int64)] = []
    }

    let connection: PostgresConnection
    let job: JobFile

    /// Runs the statement and leaves the rest in the temporary tables
    /// `reconcile_rest_groups` (normalized refs) and `reconcile_rest_lines`
    /// (ids). With `enabled` false nothing is settled and the rest is
    /// everything open (the equivalence tests compare both).
    func run(runDate: CivilDate, enabled: Bool = true) throws -> Outcome {
        try connection.execute(
            "create temporary table if not exists reconcile_rest_groups (norm text collate \"C\") on commit drop")
        try connection.execute("create temporary table if not exists reconcile_rest_lines (id bigint) on commit drop")
        // Every step is a bulk step over the whole night: hash joins, no
        // nested loops (CTE row estimates are rough and a nested loop over
        // a million rows never ends), no JIT compile for a statement run once.
        try connection.execute("set local enable_nestloop = off")
        try connection.execute("set local jit = off")
        try connection.execute("set local work_mem = '256MB'")
        defer {
            _ = try? connection.execute("reset enable_nestloop")
            _ = try? connection.execute("reset jit")
            _ = try? connection.execute("reset work_mem")
        }
        let runDays = Int32(runDate.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays)
        let rows = try connection.execute(
            Self.statement,
            [.text(job.source), .text(job.name), .int32(Int32(job.windowDays)), .date(daysSince2000: runDays), .bool(enabled)])
        var outcome = Outcome()
        for row in 0..<rows.rowCount {
            guard let date = CivilDate(iso: rows.string(row: row, column: 1)!) else { continue }
            outcome.amounts.append((rows.string(row: row, column: 0)!, date, rows.int64(row: row, column: 3)!))
            outcome.matchedGroups += Int(rows.int64(row: row, column: 2)!)
        }
        return outcome
    }

    /// ASCII whitespace trimmed, Kelvin sign mapped, ASCII lowercased.
    static func normalized(_ column: String) -> String {
        "lower(replace(btrim(\(column), E' \\t\\n\\r\\f' || chr(11)), chr(8490), 'k') collate \"C\")"
    }

    /// Conditions 1, 2 and 4 on a row of `by_norm` ($3 window, $5 enabled).
    private static let eligible = """
        ($5 and lines = 1 and txns > 0 and merchant_id = merchant_max and settlement_ref = settlement_ref_max
         and currency = currency_max and settlement_ref ~ '^[A-Za-z0-9_/-]([A-Za-z0-9_/.-]*[A-Za-z0-9_/-])?$'
         and line_currency = currency and line_amount = net and abs(booking_date - settlement_date) <= $3)
        """

    /// $1 source, $2 job, $3 window days, $4 run date, $5 enabled.
    static let statement = """
        with by_norm as materialized (
            -- Per normalized reference: the open groups (one iff min = max)
            -- and the open lines carrying it, in one pass over both.
            select norm,
                   count(line_id) as lines, min(line_id) as line_id, min(line_amount) as line_amount,
                   min(line_currency) as line_currency, min(booking_date) as booking_date,
                   count(*) - count(line_id) as txns,
                   min(merchant_id) as merchant_id, max(merchant_id) as merchant_max,
                   min(settlement_ref) as settlement_ref, max(settlement_ref) as settlement_ref_max,
                   min(currency) as currency, max(currency) as currency_max,
                   sum(amount)::bigint as net, max(settlement_date) as settlement_date
            from (
                select \(normalized("t.settlement_ref")) as norm, null::bigint as line_id, null::bigint as line_amount,
                       null::text collate "C" as line_currency, null::date as booking_date,
                       t.merchant_id collate "C" as merchant_id, t.settlement_ref collate "C" as settlement_ref,
                       t.currency collate "C" as currency, t.amount, t.settlement_date
                from transactions t
                where t.source = $1 and not exists (
                    select 1 from recon_matches m where m.job = $2 and m.merchant_id = t.merchant_id
                      and m.settlement_ref = t.settlement_ref and m.currency = t.currency)
                union all
                select \(normalized("l.reference")), l.id, l.amount, l.currency collate "C", l.booking_date,
                       null, null, null, null, null
                from bank_lines l
                where l.job = $2 and not exists (select 1 from recon_matches m where m.bank_line_id = l.id)
            ) side
            group by norm
        ), unpaired as materialized (
            -- References whose lines cannot be prematched (before condition 3).
            select norm, txns from by_norm where lines > 0 and (txns = 0 or not \(eligible))
        ), leftover_lines as materialized (
            select l.id, l.description, (u.norm is null or u.txns = 0) as reads_description
            from bank_lines l left join unpaired u on u.norm = \(normalized("l.reference"))
            where l.job = $2 and (l.reference is null or u.norm is not null)
              and not exists (select 1 from recon_matches m where m.bank_line_id = l.id)
        ), description_tokens as materialized (
            select distinct lower(replace(btrim(token, '.'), chr(8490), 'k') collate "C") as token
            from leftover_lines l
            cross join lateral regexp_split_to_table(l.description, '[\\x01-\\x2c\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\x7f]+') token
            where l.reads_description
        ), pairs as materialized (
            select norm, merchant_id, settlement_ref, currency, net, settlement_date, line_id
            from by_norm b
            where \(eligible) and not exists (select 1 from description_tokens x where x.token = b.norm)
        ), matched as (
            insert into recon_matches (job, bank_line_id, merchant_id, settlement_ref, currency, rule, kind, net_at_match, matched_on)
            select $2, line_id, merchant_id, settlement_ref, currency, 'reference', null, net, $4 from pairs
        ), rest_groups as (
            insert into reconcile_rest_groups (norm)
            select norm from by_norm b
            where txns > 0 and not (\(eligible) and not exists (select 1 from description_tokens x where x.token = b.norm))
        ), rest_lines as (
            insert into reconcile_rest_lines (id)
            select id from leftover_lines
            union all
            select line_id from by_norm b
            where \(eligible) and exists (select 1 from description_tokens x where x.token = b.norm)
        )
        select currency, to_char(settlement_date, 'YYYY-MM-DD'), count(*), sum(net)::bigint
        from pairs group by currency, settlement_date
        """
}
