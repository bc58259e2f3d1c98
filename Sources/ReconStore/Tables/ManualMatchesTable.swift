/// The statements of `recon match` and `recon unmatch` (SPEC §9). A manual
/// match is stored as every match is (the group closed at its net, one
/// `recon_matches` row per line, the lines out of `open_bank_lines`) with
/// rule `manual`, which the night's statements leave alone.
public enum ManualMatchesTable {
    public static let rule = "manual"

    /// The group columns a match reads, in ``groupRow`` order.
    public static let groupColumns = ColumnList(
        "id", "merchant_id", "settlement_ref", "currency", "net", "status", "match_rule", "matched_on::text",
        "coalesce(array_to_string(bank_line_ids, ','), '')", "txn_count", "settlement_date::text")

    /// The groups of `source` with this reference (narrowed by merchant and
    /// currency when given), locked: a settling worker or a second person
    /// waits until this command commits. Through `settlement_groups_ref`.
    public static func lockGroups(source: String, settlementRef: String, merchantID: String?, currency: String?) -> SQL {
        """
        select \(columns: groupColumns) from settlement_groups
        where settlement_ref = \(settlementRef) and source = \(source)
          and (\(merchantID)::text is null or merchant_id = \(merchantID))
          and (\(currency)::text is null or currency = \(currency))
        order by merchant_id, settlement_ref, currency
        for update
        """
    }

    /// The bank line columns a match reads, with the group that claims each.
    public static let lineColumns = ColumnList(
        "l.id", "l.account", "l.bank_txn_id", "l.amount", "l.currency", "l.booking_date::text", "m.merchant_id",
        "m.settlement_ref", "m.currency", "m.rule")

    /// `bank_txn_id, account, amount` of the lines a match held, for the unmatch's audit entry.
    public static func linesOfUnmatch(ids: [Int64]) -> SQL {
        "select bank_txn_id, account, amount from bank_lines where id = any(\(array: ids)::bigint[]) order by id"
    }

    /// The job's lines with these bank_txn_ids (`bank_lines_txn_id`). Not
    /// row-locked: a row lock needs UPDATE, which recon_app has not on
    /// settled bank lines (sql/013). Every claim of the job's lines (match,
    /// unmatch, the night) holds the job lock, and recon_matches' key
    /// refuses a second claim of a line in any case.
    public static func lockLines(job: String, bankTxnIDs ids: [String]) -> SQL {
        """
        select \(columns: lineColumns) from bank_lines l
        left join recon_matches m on m.bank_line_id = l.id
        where l.job = \(job) and l.bank_txn_id = any(\(array: ids)::text[])
        order by l.id
        """
    }

    /// Frees the claims of group `groupID` (array literal of its line ids):
    /// match rows removed, lines open again.
    public static func releaseClaims(job: String, lineIDs ids: [Int64]) -> [SQL] {
        [
            "delete from recon_matches where job = \(job) and bank_line_id = any(\(array: ids)::bigint[])",
            """
            insert into open_bank_lines (\(columns: OpenBankLinesTable.columns))
            select l.id, l.job, l.reference, l.amount, l.currency, l.booking_date
            from bank_lines l where l.id = any(\(array: ids)::bigint[])
            on conflict (bank_line_id) do nothing
            """,
        ]
    }

    /// Records the match: one clean `manual` row per line, the group closed
    /// at its net, the lines out of the open lines.
    public static func storeMatch(
        job: String, groupID: Int64, lineIDs ids: [Int64], matchedOn day: PostgresValue
    ) -> [SQL] {
        [
            """
            insert into recon_matches (job, bank_line_id, merchant_id, settlement_ref, currency, rule, kind, net_at_match,
                                       matched_on)
            select \(job), line.id, g.merchant_id, g.settlement_ref, g.currency, \(rule), null, g.net, \(day)::date
            from settlement_groups g, unnest(\(array: ids)::bigint[]) as line(id)
            where g.id = \(groupID)
            """,
            """
            update settlement_groups set status = 'matched', closed = true, net_at_match = net, match_rule = \(rule),
                matched_on = \(day)::date, bank_line_ids = \(array: ids)::bigint[], clean_line_ids = \(array: ids)::bigint[]
            where id = \(groupID)
            """,
            "delete from open_bank_lines where bank_line_id = any(\(array: ids)::bigint[])",
        ]
    }

    /// Undoes a manual match: the group open, undecided until the next
    /// reconcile (`pending`), its lines open again (after ``releaseClaims``).
    public static func storeUnmatch(groupID: Int64) -> SQL {
        """
        update settlement_groups set status = 'pending', closed = false, net_at_match = null, match_rule = null,
            matched_on = null, bank_line_ids = null, clean_line_ids = null
        where id = \(groupID)
        """
    }

    /// The latest match entry of a group in the audit log: who matched it, when.
    public static func latestMatchEntry(job: String, settlementRef: String, merchantID: String, currency: String) -> SQL {
        """
        select by_name, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), action from recon_audit_log
        where job = \(job) and exception_id is null and items ->> 'settlement_ref' = \(settlementRef)
          and items ->> 'merchant_id' = \(merchantID) and items ->> 'currency' = \(currency)
          and action in ('match', 'unmatch')
        order by id desc limit 1
        """
    }

    /// Appends one match/unmatch entry naming the group, its lines (ids and
    /// bank_txn_ids, array literals) and the amounts on both sides.
    public static func appendEntry(
        job: String, by person: String, action: String, group: (merchantID: String, settlementRef: String, currency: String),
        lineIDs ids: [Int64], bankTxnIDs txnIDs: [String], net: Int64, bankAmount: Int64, note: String
    ) -> SQL {
        """
        insert into recon_audit_log (by_name, action, job, items, note)
        values (\(person), \(action), \(job),
                jsonb_build_object('merchant_id', \(group.merchantID)::text, 'settlement_ref', \(group.settlementRef)::text,
                    'currency', \(group.currency)::text, 'bank_line_ids', \(array: ids)::bigint[], 'bank_txn_ids', \(array: txnIDs)::text[],
                    'net', \(net)::bigint, 'bank_amount', \(bankAmount)::bigint),
                \(note))
        """
    }
}

extension ManualMatchesTable {
    /// Resolves (reason `manual_match`) the listed exceptions of the group
    /// and of the lines, writing one `resolve` audit entry each; returns
    /// `exception_id, from_state` of every one changed.
    public static func resolveExceptions(
        job: String, merchantID: String, settlementRef: String, currency: String, lineIDs ids: [Int64],
        by person: String, note: String
    ) -> SQL {
        """
        with concerned as (
            select identity, state as from_state from recon_exceptions
            where job = \(job) and state in ('open', 'acknowledged')
              and ((merchant_id = \(merchantID) and settlement_ref = \(settlementRef) and currency = \(currency))
                   or bank_line_id = any(\(array: ids)::bigint[]))
            for update
        ), changed as (
            update recon_exceptions e set state = 'resolved', resolution = 'manual_match', last_note = \(note),
                version = e.version + 1, changed_at = now(), changed_by = \(person)
            from concerned c where e.job = \(job) and e.identity = c.identity
            returning e.*, c.from_state
        ), logged as (
            insert into recon_audit_log (by_name, action, job, exception_id, identity, items, from_state, to_state, note)
            select \(person), 'resolve', e.job, e.exception_id, e.identity, \(sql: itemsOfChanged)
                       || jsonb_build_object('reason', 'manual_match'), e.from_state, 'resolved', \(note)
            from changed e order by e.exception_id
        )
        select exception_id, kind, from_state from changed order by exception_id
        """
    }

    /// Opens again the exceptions a manual match resolved (reason
    /// `manual_match`) of the group and its lines: the person undid the
    /// decision that closed them. Returns `exception_id, kind` of each.
    public static func reopenExceptions(
        job: String, merchantID: String, settlementRef: String, currency: String, lineIDs ids: [Int64],
        by person: String, note: String
    ) -> SQL {
        """
        with concerned as (
            select identity from recon_exceptions
            where job = \(job) and state = 'resolved' and resolution = 'manual_match'
              and ((merchant_id = \(merchantID) and settlement_ref = \(settlementRef) and currency = \(currency))
                   or bank_line_id = any(\(array: ids)::bigint[]))
            for update
        ), changed as (
            update recon_exceptions e set state = 'open', owner = null, resolution = null, last_note = \(note),
                version = e.version + 1, changed_at = now(), changed_by = \(person)
            from concerned c where e.job = \(job) and e.identity = c.identity
            returning e.*
        ), logged as (
            insert into recon_audit_log (by_name, action, job, exception_id, identity, items, from_state, to_state, note)
            select \(person), 'reopen', e.job, e.exception_id, e.identity, \(sql: itemsOfChanged), 'resolved', 'open', \(note)
            from changed e order by e.exception_id
        )
        select exception_id, kind from changed order by exception_id
        """
    }

    /// The items of an exception row `e`, as the audit log keeps them (the
    /// nightly sync and people's changes write the same shape).
    public static let itemsOfChanged: SQL = """
        jsonb_strip_nulls(jsonb_build_object('kind', e.kind, 'merchant_id', e.merchant_id,
            'settlement_ref', e.settlement_ref, 'currency', e.currency, 'bank_account', e.bank_account,
            'bank_txn_id', e.bank_txn_id, 'bank_line_id', e.bank_line_id))
        """
}

/// What the night does with manual matches: nothing to their claims, but a
/// group whose net moved since a person matched it (a late transaction) no
/// longer balances and is reported, with the person's lines, until it
/// balances again or is unmatched. Through `settlement_groups_manual`.
extension ManualMatchesTable {
    /// Each manual match's status as its balance says: `matched` while the
    /// net is the one matched, else `mismatched`.
    public static func refreshStatus(source: String) -> SQL {
        """
        update settlement_groups
        set status = case when net = net_at_match then 'matched' else 'mismatched' end
        where source = \(source) and match_rule = \(rule)
          and status <> case when net = net_at_match then 'matched' else 'mismatched' end
        """
    }

    /// The manual matches out of balance with their lines, for the report:
    /// merchant, ref, currency, net, net at match, count, settlement date,
    /// matched on, lines' sum, first booking date, account, bank_txn_ids.
    public static func outOfBalance(source: String) -> SQL {
        """
        select g.merchant_id, g.settlement_ref, g.currency, g.net, g.net_at_match, g.txn_count,
               g.settlement_date::text, g.matched_on::text, b.amount, b.booked::text, b.account, b.ids
        from settlement_groups g
        cross join lateral (
            select sum(l.amount)::bigint as amount, min(l.booking_date) as booked, min(l.account) as account,
                   string_agg(l.bank_txn_id, ';' order by l.booking_date, l.id) as ids
            from bank_lines l where l.id = any(g.bank_line_ids)
        ) b
        where g.source = \(source) and g.match_rule = \(rule) and g.net <> g.net_at_match
        order by g.merchant_id, g.settlement_ref, g.currency
        """
    }
}

extension ManualMatchesTable {
    /// The balanced manual matches made on `runDay` or later, and their
    /// lines: a night counts them as it counts the automatic matches it
    /// (re)decides (a rerun of D decides again everything matched on D or later).
    public static func matchedCounts(source: String, onOrAfter runDay: PostgresValue) -> SQL {
        """
        select count(*), coalesce(sum(cardinality(bank_line_ids)), 0)::bigint from settlement_groups
        where source = \(source) and match_rule = \(rule) and net = net_at_match and matched_on >= \(runDay)::date
        """
    }
}
