import ReconCore
import ReconStore

/// Decoding of ``SettlementGroupsTable/groupColumns`` (the nightly load and
/// the export read groups alike).
enum SettlementGroupColumns {
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
