/// The statements reconcile runs on `settlement_groups`: each reads or
/// changes only the groups that can change tonight, through an index.
extension SettlementGroupsTable {
    /// The groups a night decides: never matched, matched with a mismatch,
    /// or added to since their clean match (settlement clears `closed`).
    /// Its predicate is the partial index `settlement_groups_open`'s
    /// (sql/015), which also carries the key, the order the release locks in.
    public static let openPredicate = "(not closed)"

    /// Manual matches (SPEC §5.8, §9) are never released, re-examined or
    /// claimed by the night: only `recon unmatch` undoes them.
    static let notManual = "match_rule is distinct from 'manual'"

    /// Temporary tables of one night's decisions; `collate "C"` as the keys.
    public static let createDecisionTables: [SQL] = [
        """
        create temporary table if not exists reconcile_released_lines (id bigint) on commit drop
        """,
        """
        create temporary table if not exists reconcile_pairs (
            merchant_id text collate "C", settlement_ref text collate "C", currency text collate "C",
            net bigint, id bigint
        ) on commit drop
        """,
        """
        create temporary table if not exists reconcile_group_state (
            merchant_id text collate "C", settlement_ref text collate "C", currency text collate "C",
            status text, closed boolean, net bigint, rule text, id bigint, clean boolean, shared boolean
        ) on commit drop
        """,
    ]

    /// Undoes the claims of the groups decided on `fromDay` or later (a
    /// rerun of an earlier date), recording their lines in
    /// reconcile_released_lines.
    public static func releaseMatched(source: String, onOrAfter days: PostgresValue) -> SQL {
        releasing(source: source, where: "source = \(source) and matched_on >= \(days) and \(sql: SQL(stringLiteral: notManual))")
    }

    /// Undoes the claims of the open groups that hold some (a mismatch
    /// beside them, or a net changed since): decided again tonight.
    public static func releaseOpen(source: String) -> SQL {
        let open = SQL(stringLiteral: openPredicate), notManual = SQL(stringLiteral: notManual)
        return releasing(source: source, where: "source = \(source) and \(sql: open) and \(sql: notManual)")
    }

    /// A group released with a line it shares (many-to-one) releases the
    /// line's other groups too: they hold the line together, and a line is
    /// either open or claimed, never both. The partners are the groups of
    /// the line's recon_matches rows, found by its primary key (only for
    /// shared lines, which are few).
    private static func releasing(source: String, where condition: SQL) -> SQL {
        """
        with direct as (
            select id, bank_line_ids, line_shared from settlement_groups
            where \(sql: condition) and bank_line_ids is not null
        ), partners as (
            select s.id from recon_matches m
            join settlement_groups s on s.source = \(source) and s.merchant_id = m.merchant_id collate "C"
                 and s.settlement_ref = m.settlement_ref collate "C" and s.currency = m.currency collate "C"
            where m.bank_line_id in (select unnest(d.bank_line_ids) from direct d where d.line_shared)
        ), held as (
            -- Locked in key order, the order settlement's upsert locks in:
            -- a worker settling beside a reconcile waits instead of deadlocking.
            select id, bank_line_ids from settlement_groups
            where id in (select id from direct union select id from partners)
            order by merchant_id, settlement_ref, currency
            for update
        ), released as (
            -- RETURNING shows the new row: the old claims come from `held`.
            update settlement_groups g set closed = false, net_at_match = null, match_rule = null, matched_on = null,
                bank_line_ids = null, clean_line_ids = null, line_shared = false
            from held where g.id = held.id
            returning held.bank_line_ids
        )
        -- A shared line is listed by each of its groups: once is enough.
        insert into reconcile_released_lines select distinct unnest(bank_line_ids) from released
        """
    }

    /// The open groups, for a binary COPY out: merchant, ref, currency, net, settlement date.
    /// COPY takes no parameters, hence the escaped literal.
    public static func copyOpenGroups(sourceLiteral: String) -> String {
        """
        select merchant_id, settlement_ref, currency, net, settlement_date from settlement_groups
        where source = \(sourceLiteral) and \(openPredicate) and \(notManual)
        """
    }

    /// The groups listed in reconcile_rest_groups, in full (``groupColumns``).
    public static func restGroups(source: String) -> SQL {
        """
        select g.* from reconcile_rest_groups r
        cross join lateral (
            select \(columns: groupColumns) from settlement_groups s
            where s.source = \(source) and s.merchant_id = r.merchant_id and s.settlement_ref = r.settlement_ref
              and s.currency = r.currency
            limit 1
        ) g
        """
    }

    public static let copyPairs =
        "copy reconcile_pairs (merchant_id, settlement_ref, currency, net, id) from stdin with (format binary)"
    public static let copyGroupState =
        "copy reconcile_group_state (merchant_id, settlement_ref, currency, status, closed, net, rule, id, clean, shared) from stdin with (format binary)"

    /// Stores the night's decisions: the prematched pairs (one clean line
    /// each) and the Reconciler's groups (one row per claimed line, or one
    /// without a line).
    public static func storeDecisions(source: String, runDay: PostgresValue) -> [SQL] {
        // Each key of tonight finds its group through the key index (a
        // scalar subquery per key), and the groups are then joined by id:
        // see LocalSettings.keyProbesOnly for why the planner is not asked.
        let groupID: (String) -> SQL = { alias in
            """
            (select x.id from settlement_groups x where x.source = \(source) and x.merchant_id = \(identifier: alias).merchant_id
                and x.settlement_ref = \(identifier: alias).settlement_ref and x.currency = \(identifier: alias).currency)
            """
        }
        return [
            // Lock tonight's groups in key order first (see `releasing`).
            """
            select count(*) from (
                select 1 from settlement_groups g
                where g.id in (
                    select \(sql: groupID("p")) from reconcile_pairs p
                    union all select \(sql: groupID("s")) from reconcile_group_state s)
                order by g.merchant_id, g.settlement_ref, g.currency
                for update of g
            ) locked
            """,
            """
            update settlement_groups g set status = 'matched', closed = true, net_at_match = p.net,
                match_rule = 'reference', matched_on = \(runDay), bank_line_ids = array[p.id],
                clean_line_ids = array[p.id], line_shared = false
            from (select p.net, p.id, \(sql: groupID("p")) as group_id from reconcile_pairs p) p
            where g.id = p.group_id
            """,
            """
            update settlement_groups g set status = s.status, closed = s.closed, net_at_match = s.net,
                match_rule = s.rule, matched_on = case when s.ids is null then null else \(runDay)::date end,
                bank_line_ids = s.ids, clean_line_ids = s.clean_ids, line_shared = s.shared
            from (select s.*, \(sql: groupID("s")) as group_id
                  from (select merchant_id, settlement_ref, currency, min(status) as status, bool_and(closed) as closed,
                               coalesce(bool_or(shared), false) as shared,
                               min(net) as net, min(rule) as rule, array_agg(id order by id) filter (where id is not null) as ids,
                               array_agg(id order by id) filter (where clean) as clean_ids
                        from reconcile_group_state group by merchant_id, settlement_ref, currency) s) s
            where g.id = s.group_id
            """,
        ]
    }

    /// The ids of the lines claimed tonight, as a relation with column `id`.
    public static let claimedTonight =
        "(select id from reconcile_pairs union all select id from reconcile_group_state where id is not null) claimed"
}
