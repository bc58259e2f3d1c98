extension SettlementGroupsTable {
    /// The export reads in a read-only transaction: one snapshot, no writes.
    public static let readOnly: SQL = "set transaction read only"

    /// `recon export settlements` (SPEC §6): the groups of [from, to]
    /// (optionally one merchant, one source) in export order, read through
    /// `settlement_groups_by_date` (or `_by_merchant`), with each claimed
    /// group's bank lines looked up by id. Columns: ``groupColumns``, then
    /// status, booking date, bank_txn_ids.
    ///
    /// Status: what the latest reconcile decided, except `pending` for a
    /// matched group whose net changed since (a late transaction reopened
    /// it; the next reconcile decides it again).
    /// Booking date and bank_txn_id: of the group's clean lines when it has
    /// some, else of every line it claimed.
    public static func export(
        from: PostgresValue, to: PostgresValue, merchant: String?, source: String?
    ) -> SQL {
        var filter: SQL = "g.settlement_date between \(from)::date and \(to)::date"
        if let merchant { filter = "\(sql: filter) and g.merchant_id = \(merchant)" }
        if let source { filter = "\(sql: filter) and g.source = \(source)" }
        return """
            select \(columns: groupColumns.qualified(by: "g")),
                   case when g.status = 'matched' and g.net <> g.net_at_match then 'pending' else g.status end,
                   b.booked::text, b.ids
            from settlement_groups g
            left join lateral (
                select min(l.booking_date) as booked, string_agg(l.bank_txn_id, ';' order by l.booking_date, l.id) as ids
                from bank_lines l where l.id = any(coalesce(g.clean_line_ids, g.bank_line_ids))
            ) b on g.bank_line_ids is not null
            where \(sql: filter)
            order by g.settlement_date, g.merchant_id, g.settlement_ref, g.currency
            """
    }
}
