/// The output of `recon export settlements --format csv|json` (SPEC §6), rows
/// in the order given. Component columns are signed sums, so
/// `net = payments + refunds + chargebacks + fees + adjustments`.
public enum SettlementExport {
    public static let columns = [
        "settlement_date", "merchant_id", "settlement_ref", "currency", "payments", "refunds", "chargebacks",
        "fees", "adjustments", "net", "txn_count", "status", "booking_date", "bank_txn_id",
    ]

    public static func csv(_ rows: [SettlementExportRow]) -> String {
        var writer = CSVWriter(header: columns)
        for row in rows {
            let group = row.group
            var cells: [CSVCell] = [
                .ownValue(group.settlementDate.description),
                .inputText(group.key.merchantID),
                .inputText(group.key.settlementRef),
                .inputText(group.currency.code),
            ]
            cells += amounts(group).map { .ownValue($0.text) }
            cells += [
                .ownValue(String(group.transactionCount)),
                .ownValue(row.status.rawValue),
                .ownValue(row.bookingDate?.description),
                .inputText(row.bankTxnID),
            ]
            writer.append(cells)
        }
        return writer.finished()
    }

    public static func json(_ rows: [SettlementExportRow]) -> String {
        ReportJSON.array(rows.map(jsonObject)).prettyPrinted()
    }

    static func jsonObject(_ row: SettlementExportRow) -> ReportJSON {
        let group = row.group
        var members: [ReportJSON.Member] = [
            .init("settlement_date", .string(group.settlementDate.description)),
            .init("merchant_id", .string(group.key.merchantID)),
            .init("settlement_ref", .string(group.key.settlementRef)),
            .init("currency", .string(group.currency.code)),
        ]
        members += amounts(group).map { .init($0.column, .string($0.text)) }
        members += [
            .init("txn_count", .integer(group.transactionCount)),
            .init("status", .string(row.status.rawValue)),
            .init("booking_date", .optionalString(row.bookingDate?.description)),
            .init("bank_txn_id", .optionalString(row.bankTxnID)),
        ]
        return .object(members)
    }

    /// The six money columns in column order, formatted with the group's digits.
    static func amounts(_ group: SettlementGroup) -> [(column: String, text: String)] {
        let values: [(String, Int64)] = [
            ("payments", group.payments), ("refunds", group.refunds), ("chargebacks", group.chargebacks),
            ("fees", group.fees), ("adjustments", group.adjustments), ("net", group.net),
        ]
        return values.map { ($0.0, AmountText.format($0.1, currency: group.currency)) }
    }
}
