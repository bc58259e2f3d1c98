/// The queries of `recon db check`: each recomputes part of the maintained
/// state from the raw rows and returns one row per difference, as
/// `(what, item, found, expected)` text. Deliberately whole-table scans:
/// this is the audit, not the nightly path.
public enum DriftQueries {
    /// Each check's differences, at most `limit` of them.
    public static func checks(limit: Int) -> [(name: String, sql: SQL)] {
        (all + BatchChainQueries.all).map { check in (check.name, "\(sql: SQL(stringLiteral: check.sql)) limit \(limit)") }
    }

    static let all: [(name: String, sql: String)] = [
        ("group sums", groupSums),
        ("group files", groupFiles),
        ("group claims", groupClaims),
        ("claimed lines", claimedLines),
        ("open lines", openLines),
        ("manual matches", manualMatches),
    ]

    /// A manual match (SPEC §9) is one decision on both sides: the group
    /// closed with rule `manual` at some net, and a `manual` match row for
    /// each of its lines (and none elsewhere).
    static let manualMatches = """
        select 'manual group not closed', g.source || '/' || g.merchant_id || '/' || g.settlement_ref || '/' || g.currency,
               'closed ' || g.closed || ', net at match ' || coalesce(g.net_at_match::text, 'none'),
               'closed, with a net at match and lines'
        from settlement_groups g
        where g.match_rule = 'manual' and (not g.closed or g.net_at_match is null or g.bank_line_ids is null)
        union all
        select 'match rule differs', 'bank line ' || m.bank_line_id,
               'recon_matches rule ' || m.rule, 'group rule ' || coalesce(g.match_rule, 'none')
        from recon_matches m
        join (select distinct job, source from batches) b on b.job = m.job
        join settlement_groups g on g.source = b.source and g.merchant_id = m.merchant_id collate "C"
             and g.settlement_ref = m.settlement_ref collate "C" and g.currency = m.currency collate "C"
        where (m.rule = 'manual') <> (g.match_rule is not distinct from 'manual')
        order by 2
        """

    /// settlement_group_files (sql/016) against the transactions summed again
    /// by group, batch and type. A row whose month was archived keeps its
    /// row without its transactions, as its group does.
    static let groupFiles = """
        with truth as (
            select g.id as group_id, t.batch_id, t.type, count(*) as txn_count, sum(t.amount) as amount,
                   (array_agg(t.line order by t.line))[1:50] as first_lines,
                   min(t.settlement_date) as first_settlement_date, max(t.settlement_date) as last_settlement_date
            from transactions t
            join settlement_groups g on g.source = t.source collate "C" and g.merchant_id = t.merchant_id collate "C"
                 and g.settlement_ref = t.settlement_ref collate "C" and g.currency = t.currency collate "C"
            group by 1, 2, 3
        )
        select case when f.group_id is null then 'group file row missing' when t.group_id is null
                    then 'group file row without transactions' else 'group file row differs' end,
               coalesce(g.source || '/' || g.merchant_id || '/' || g.settlement_ref || '/' || g.currency,
                        'group ' || coalesce(t.group_id, f.group_id))
                   || ' batch ' || coalesce(t.batch_id, f.batch_id) || ' ' || coalesce(t.type, f.type),
               coalesce(f.txn_count || ' transactions, amount ' || f.amount || ', lines ' || f.first_lines::text
                   || ', dates ' || f.first_settlement_date || '..' || f.last_settlement_date, 'no row'),
               coalesce(t.txn_count || ' transactions, amount ' || t.amount || ', lines ' || t.first_lines::text
                   || ', dates ' || t.first_settlement_date || '..' || t.last_settlement_date, 'no transactions')
        from truth t
        full join settlement_group_files f on f.group_id = t.group_id and f.batch_id = t.batch_id and f.type = t.type
        left join settlement_groups g on g.id = coalesce(t.group_id, f.group_id)
        where f.group_id is null
           or (t.group_id is null and exists (
                select 1 from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
                where i.inhparent = 'public.transactions'::regclass
                  and c.relname = 'transactions_' || to_char(f.first_settlement_date, 'YYYY_MM')))
           or f.txn_count <> t.txn_count or f.amount <> t.amount or f.first_lines <> t.first_lines
           or f.first_settlement_date <> t.first_settlement_date or f.last_settlement_date <> t.last_settlement_date
        order by 2
        """

    /// settlement_groups against the transactions summed again.
    static let groupSums = """
        with truth as (
            select source collate "C" as source, merchant_id collate "C" as merchant_id,
                   settlement_ref collate "C" as settlement_ref, currency collate "C" as currency,
                   sum(amount) as net, count(*) as txn_count, max(settlement_date) as settlement_date,
                   coalesce(sum(amount) filter (where type = 'payment'), 0) as payments,
                   coalesce(sum(amount) filter (where type = 'refund'), 0) as refunds,
                   coalesce(sum(amount) filter (where type = 'chargeback'), 0) as chargebacks,
                   coalesce(sum(amount) filter (where type = 'fee'), 0) as fees,
                   coalesce(sum(amount) filter (where type = 'adjustment'), 0) as adjustments
            from transactions group by 1, 2, 3, 4
        )
        select case when g.id is null then 'group missing' when t.source is null then 'group without transactions'
                    else 'group sums differ' end,
               coalesce(t.source, g.source) || '/' || coalesce(t.merchant_id, g.merchant_id) || '/'
                   || coalesce(t.settlement_ref, g.settlement_ref) || '/' || coalesce(t.currency, g.currency),
               coalesce('net ' || g.net || ', ' || g.txn_count || ' transactions, settlement date ' || g.settlement_date
                   || ', by type ' || g.payments || '/' || g.refunds || '/' || g.chargebacks || '/' || g.fees || '/'
                   || g.adjustments, 'no row'),
               coalesce('net ' || t.net || ', ' || t.txn_count || ' transactions, settlement date ' || t.settlement_date
                   || ', by type ' || t.payments || '/' || t.refunds || '/' || t.chargebacks || '/' || t.fees || '/'
                   || t.adjustments, 'no transactions')
        from truth t
        full join settlement_groups g on g.source = t.source and g.merchant_id = t.merchant_id
             and g.settlement_ref = t.settlement_ref and g.currency = t.currency
        where g.id is null
           -- A group whose month was archived (its partition detached,
           -- ops/RUNBOOK.md) keeps its row without its transactions.
           or (t.source is null and exists (
                select 1 from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
                where i.inhparent = 'public.transactions'::regclass
                  and c.relname = 'transactions_' || to_char(g.settlement_date, 'YYYY_MM')))
           or g.net <> t.net or g.txn_count <> t.txn_count
           or g.settlement_date <> t.settlement_date or g.payments <> t.payments or g.refunds <> t.refunds
           or g.chargebacks <> t.chargebacks or g.fees <> t.fees or g.adjustments <> t.adjustments
        order by 2
        """

    /// Each group's bank_line_ids against the recon_matches rows of its key.
    static let groupClaims = """
        with listed as (
            select g.source, g.merchant_id, g.settlement_ref, g.currency, unnest(g.bank_line_ids) as id
            from settlement_groups g where g.bank_line_ids is not null
        )
        select case when m.bank_line_id is null then 'claim without match row' else 'match row without claim' end,
               'bank line ' || coalesce(l.id, m.bank_line_id),
               coalesce(l.source || '/' || l.merchant_id || '/' || l.settlement_ref || '/' || l.currency, 'no group'),
               coalesce(m.merchant_id || '/' || m.settlement_ref || '/' || m.currency, 'no recon_matches row')
        from listed l
        full join recon_matches m on m.bank_line_id = l.id and m.merchant_id = l.merchant_id collate "C"
             and m.settlement_ref = l.settlement_ref collate "C" and m.currency = l.currency collate "C"
        where l.id is null or m.bank_line_id is null
        order by 2
        """

    /// A line is claimed by one group, or by several that all mark it shared
    /// (many-to-one, SPEC §5.6), and never both claimed and open.
    static let claimedLines = """
        select 'line claimed and open', 'bank line ' || o.bank_line_id, 'in open_bank_lines', 'claimed by a group'
        from open_bank_lines o join recon_matches m on m.bank_line_id = o.bank_line_id and m.part = 0
        union all
        select case when count(*) > 1 then 'line claimed twice' else 'shared line with one group' end,
               'bank line ' || id, count(*) || ' groups, ' || count(*) filter (where line_shared) || ' marked shared',
               case when count(*) > 1 then '1 group, or all marked shared (many_to_one)' else 'not marked shared' end
        from (select unnest(bank_line_ids) as id, line_shared from settlement_groups where bank_line_ids is not null) c
        group by id having (count(*) > 1 and not bool_and(line_shared)) or (count(*) = 1 and bool_or(line_shared))
        order by 2
        """

    /// open_bank_lines against bank_lines that no match claims.
    static let openLines = """
        select 'open line missing', 'bank line ' || l.id, 'not in open_bank_lines', 'open (no group claims it)'
        from bank_lines l
        where not exists (select 1 from open_bank_lines o where o.bank_line_id = l.id)
          and not exists (select 1 from recon_matches m where m.bank_line_id = l.id)
        union all
        select 'open line differs', 'bank line ' || o.bank_line_id,
               coalesce(o.job || ' ' || o.amount || ' ' || o.currency || ' ' || o.booking_date || ' ' || coalesce(o.reference, ''), ''),
               coalesce(l.job || ' ' || l.amount || ' ' || l.currency || ' ' || l.booking_date || ' ' || coalesce(l.reference, ''), 'no bank line')
        from open_bank_lines o left join bank_lines l on l.id = o.bank_line_id
        where l.id is null or l.job <> o.job or l.amount <> o.amount or l.currency <> o.currency
           or l.booking_date <> o.booking_date or l.reference is distinct from o.reference
        order by 2
        """
}
