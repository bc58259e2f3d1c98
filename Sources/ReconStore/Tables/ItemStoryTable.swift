/// The lookups of `recon show` (SPEC §9): one group or bank line and its
/// story, every statement an index lookup (sql/011 has the indexes), so a
/// story costs the same in a database of any size.
public enum ItemStoryTable {
    /// Status as the export says it (``SettlementGroupsTable/export``).
    static let groupStatus = "case when status = 'matched' and net <> net_at_match then 'pending' else status end"

    /// `settlement_groups_ref`: the groups with this reference.
    public static func groups(source: String, settlementRef: String) -> SQL {
        """
        select id, merchant_id, settlement_ref, currency, \(sql: SQL(stringLiteral: groupStatus)), settlement_date::text,
               txn_count, net, payments, refunds, chargebacks, fees, adjustments, match_rule, matched_on::text,
               net_at_match, coalesce(array_to_string(bank_line_ids, ','), '')
        from settlement_groups where settlement_ref = \(settlementRef) and source = \(source)
        order by merchant_id, currency
        """
    }

    /// The group's transactions by file and type, with their first lines
    /// (up to 50 per file and type), from what settlement recorded
    /// (`settlement_group_files`, sql/016) by its primary key: `transactions`
    /// has no index a group could be found by.
    public static func transactions(groupID: Int64) -> SQL {
        """
        select b.file_name, f.type, f.txn_count, f.amount, array_to_string(f.first_lines, ','),
               f.first_settlement_date::text, f.last_settlement_date::text
        from settlement_group_files f join batches b on b.id = f.batch_id
        where f.group_id = \(groupID)
        order by f.batch_id, f.type
        """
    }

    /// The columns of one bank line with its claim and the file it came from.
    static let lineColumns = """
        l.id, l.bank_txn_id, l.account, l.booking_date::text, l.amount, l.currency, l.reference, l.description,
        f.file_name, l.source_line, m.merchant_id, m.settlement_ref, m.currency, m.rule, m.kind, m.matched_on::text,
        (o.bank_line_id is not null)
        """

    static let lineJoins = """
        join bank_statements s on s.id = l.statement_id
        join bank_files f on f.id = s.bank_file_id
        left join recon_matches m on m.bank_line_id = l.id
        left join open_bank_lines o on o.bank_line_id = l.id
        """

    /// Lines by id (a group's claims), by the primary key.
    public static func lines(ids: [Int64]) -> SQL {
        """
        select \(sql: SQL(stringLiteral: lineColumns)) from bank_lines l \(sql: SQL(stringLiteral: lineJoins))
        where l.id = any(\(array: ids)::bigint[]) order by l.booking_date, l.id
        """
    }

    /// `bank_lines_txn_id`: the job's lines with this bank_txn_id.
    public static func lines(job: String, bankTxnID: String) -> SQL {
        """
        select \(sql: SQL(stringLiteral: lineColumns)) from bank_lines l \(sql: SQL(stringLiteral: lineJoins))
        where l.job = \(job) and l.bank_txn_id = \(bankTxnID) order by l.id
        """
    }

    /// `open_bank_lines_amount`: the open lines of the currency nearest to
    /// `amount`, three on each side (the caller keeps the nearest three).
    public static func nearestOpenLines(job: String, currency: String, amount: Int64) -> SQL {
        """
        select * from (
            (select o.bank_line_id, o.amount from open_bank_lines o
             where o.job = \(job) and o.currency = \(currency) and o.amount >= \(amount) order by o.amount limit 3)
            union all
            (select o.bank_line_id, o.amount from open_bank_lines o
             where o.job = \(job) and o.currency = \(currency) and o.amount < \(amount) order by o.amount desc limit 3)
        ) near
        """
    }

    /// `settlement_groups_open_net`: the open groups of the currency whose
    /// net is nearest `amount`, three on each side.
    public static func nearestOpenGroups(source: String, currency: String, amount: Int64) -> SQL {
        """
        select * from (
            (select settlement_ref, merchant_id, net, settlement_date::text, status from settlement_groups
             where source = \(source) and currency = \(currency) and not closed and net >= \(amount)
             order by net limit 3)
            union all
            (select settlement_ref, merchant_id, net, settlement_date::text, status from settlement_groups
             where source = \(source) and currency = \(currency) and not closed and net < \(amount)
             order by net desc limit 3)
        ) near
        """
    }

    static let exceptionColumns = """
        exception_id, kind, state, owner, resolution, at_stake, currency, first_seen::text, last_note, changed_by,
        to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        """

    /// `recon_exceptions_group` and `recon_exceptions_line`: the exceptions
    /// of one group and of the lines it claims (`lineIDs`, array literal).
    public static func groupExceptions(
        job: String, merchantID: String, settlementRef: String, currency: String, lineIDs: [Int64]
    ) -> SQL {
        """
        select \(sql: SQL(stringLiteral: exceptionColumns)) from (
            select * from recon_exceptions
            where job = \(job) and merchant_id = \(merchantID) and settlement_ref = \(settlementRef) and currency = \(currency)
            union
            select * from recon_exceptions where job = \(job) and bank_line_id = any(\(array: lineIDs)::bigint[])
        ) e
        order by first_seen, exception_id
        """
    }

    /// `recon_exceptions_line`: the exceptions of one bank line.
    public static func lineExceptions(job: String, bankLineID: Int64) -> SQL {
        """
        select \(sql: SQL(stringLiteral: exceptionColumns)) from recon_exceptions
        where job = \(job) and bank_line_id = \(bankLineID) order by first_seen, exception_id
        """
    }

    /// The audit entries of these exceptions (`recon_audit_log_exception`)
    /// and the match/unmatch entries of the groups (`recon_audit_log_group`),
    /// in the order they were written. `groups`: array literals of merchant,
    /// ref and currency, element by element.
    public static func history(
        job: String, exceptionIDs: [String], merchantIDs: [String], settlementRefs: [String], currencies: [String]
    ) -> SQL {
        """
        select * from (
            select id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), by_name, action, exception_id,
                   from_state, to_state, note
            from recon_audit_log where job = \(job) and exception_id = any(\(array: exceptionIDs)::text[])
            union all
            select a.id, to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), a.by_name, a.action,
                   null, null, null, a.note
            from unnest(\(array: merchantIDs)::text[], \(array: settlementRefs)::text[], \(array: currencies)::text[]) as g(merchant_id, ref, currency)
            join recon_audit_log a on a.job = \(job) and a.exception_id is null and a.items ->> 'settlement_ref' = g.ref
                 and a.items ->> 'merchant_id' = g.merchant_id and a.items ->> 'currency' = g.currency
        ) entries order by id
        """
    }
}
