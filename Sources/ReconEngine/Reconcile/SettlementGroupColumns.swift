import ReconCore
import ReconStore

/// The SQL aggregate of a settlement group and its decoding, shared by the
/// nightly load and the export so both read groups the same way.
enum SettlementGroupColumns {
    /// merchant, ref, currency, net, settlement date, count, then the signed
    /// sums per type; group by merchant_id, settlement_ref, currency.
    static let select = """
        merchant_id, settlement_ref, currency, sum(amount) as net, to_char(max(settlement_date), 'YYYY-MM-DD') as settlement_date,
        count(*) as txn_count,
        coalesce(sum(amount) filter (where type = 'payment'), 0) as payments,
        coalesce(sum(amount) filter (where type = 'refund'), 0) as refunds,
        coalesce(sum(amount) filter (where type = 'chargeback'), 0) as chargebacks,
        coalesce(sum(amount) filter (where type = 'fee'), 0) as fees,
        coalesce(sum(amount) filter (where type = 'adjustment'), 0) as adjustments
        """
    static let count = 11

    /// Decodes the 11 columns starting at column 0 of `row`; the date as text.
    static func decode(_ result: QueryResult, row: Int) -> SettlementGroup? {
        guard let currency = Currency(code: result.string(row: row, column: 2)!),
            let date = CivilDate(iso: result.string(row: row, column: 4)!)
        else { return nil }
        var group = SettlementGroup(
            key: .init(
                merchantID: result.string(row: row, column: 0)!, settlementRef: result.string(row: row, column: 1)!,
                currency: currency.code),
            currency: currency, net: result.int64(row: row, column: 3)!, settlementDate: date,
            transactionCount: Int(result.int64(row: row, column: 5)!))
        group.payments = result.int64(row: row, column: 6)!
        group.refunds = result.int64(row: row, column: 7)!
        group.chargebacks = result.int64(row: row, column: 8)!
        group.fees = result.int64(row: row, column: 9)!
        group.adjustments = result.int64(row: row, column: 10)!
        return group
    }
}
