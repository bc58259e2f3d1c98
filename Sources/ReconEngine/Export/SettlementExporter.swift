import ReconCore
import ReconStore

/// `recon export settlements` (SPEC §6): one row per settlement group whose
/// settlement date is in [from, to], with where reconciliation left it.
///
/// Status: `matched` when a clean match holds the group at its current net;
/// `mismatched` when its match was a mismatch or the job's latest run reported
/// it (e.g. MISSING_IN_BANK); otherwise `pending`.
public struct SettlementExporter {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func rows(from: CivilDate, to: CivilDate, merchant: String?, source: String?, job: String?) throws
        -> [SettlementExportRow]
    {
        let connection = try database.connectReady()
        var rows: [SettlementExportRow] = []
        try connection.transaction {
            try connection.forEachBatch(
                """
                with groups as (
                    select \(SettlementGroupColumns.select)
                    from transactions
                    where ($3::text is null or merchant_id = $3) and ($4::text is null or source = $4)
                    group by merchant_id, settlement_ref, currency
                    having max(settlement_date) between $1::date and $2::date
                ), latest as (
                    select job, max(run_date) as run_date from recon_mismatches
                    where $5::text is null or job = $5 group by job
                ), reported as (
                    select distinct split_part(r.identity, E'\\x1f', 2) as merchant_id,
                           split_part(r.identity, E'\\x1f', 3) as settlement_ref, split_part(r.identity, E'\\x1f', 4) as currency
                    from recon_mismatches r join latest l on l.job = r.job and l.run_date = r.run_date
                ), match_state as (
                    -- One pass over the groups' matches (a hash join, not a
                    -- lookup per group: recon_matches has no group index).
                    select g.merchant_id, g.settlement_ref, g.currency,
                           bool_or(m.kind is not null) as mismatched, bool_or(m.net_at_match = g.net) as at_current_net,
                           min(b.booking_date) filter (where m.kind is null) as booked,
                           string_agg(b.bank_txn_id, ';' order by b.booking_date, b.id) filter (where m.kind is null) as bank_txn_ids
                    from groups g
                    join recon_matches m on ($5::text is null or m.job = $5) and m.merchant_id = g.merchant_id
                         and m.settlement_ref = g.settlement_ref and m.currency = g.currency
                    join bank_lines b on b.id = m.bank_line_id
                    group by g.merchant_id, g.settlement_ref, g.currency
                )
                select g.merchant_id, g.settlement_ref, g.currency, g.net, g.settlement_date, g.txn_count,
                       g.payments, g.refunds, g.chargebacks, g.fees, g.adjustments,
                       case
                         when s.mismatched then 'mismatched'
                         when s.at_current_net then 'matched'
                         when r.merchant_id is not null then 'mismatched'
                         else 'pending'
                       end,
                       s.booked::text, s.bank_txn_ids
                from groups g
                left join match_state s on s.merchant_id = g.merchant_id and s.settlement_ref = g.settlement_ref
                     and s.currency = g.currency
                left join reported r on r.merchant_id = g.merchant_id and r.settlement_ref = g.settlement_ref
                     and r.currency = g.currency
                order by g.settlement_date, g.merchant_id, g.settlement_ref, g.currency
                """,
                [
                    .text(from.description), .text(to.description), merchant.map { .text($0) }, source.map { .text($0) },
                    job.map { .text($0) },
                ]
            ) { result in
                for row in 0..<result.rowCount {
                    guard let group = SettlementGroupColumns.decode(result, row: row) else { continue }
                    let status = SettlementExportRow.Status(rawValue: result.string(row: row, column: 11)!) ?? .pending
                    rows.append(
                        SettlementExportRow(
                            group: group, status: status,
                            bookingDate: result.string(row: row, column: 12).flatMap(CivilDate.init(iso:)),
                            bankTxnID: result.string(row: row, column: 13)))
                }
            }
        }
        return rows
    }
}
