/// The output of `recon export settlements --format csv|json` (SPEC §6), rows
/// in the order given. Component columns are signed sums, so
/// `net = payments + refunds + chargebacks + fees + adjustments`.
public enum SettlementExport {
    public static let columns = [
        "settlement_date", "merchant_id", "settlement_ref", "currency", "payments", "refunds", "chargebacks",
        "fees", "adjustments", "net", "txn_count", "status", "booking_date", "bank_txn_id",
    ]

    public enum Format: String, Sendable { case csv, json }

    public static func csv(_ rows: [SettlementExportRow]) -> String { text(rows, format: .csv) }

    public static func json(_ rows: [SettlementExportRow]) -> String { text(rows, format: .json) }

    static func text(_ rows: [SettlementExportRow], format: Format) -> String {
        var stream = Stream(format: format)
        var output = stream.header()
        for row in rows { output += stream.row(row) }
        return output + stream.footer()
    }

    /// The same text piece by piece, so an export of any size is written
    /// while its rows are read: the header, one piece per row, the footer.
    public struct Stream {
        public let format: Format
        private var rowsWritten = 0

        public init(format: Format) { self.format = format }

        public func header() -> String {
            format == .csv ? CSVWriter(header: columns).finished() : ""
        }

        public mutating func row(_ row: SettlementExportRow) -> String {
            defer { rowsWritten += 1 }
            switch format {
            case .csv:
                return CSVWriter.line(SettlementExport.cells(row))
            case .json:
                return (rowsWritten == 0 ? "[\n" : ",\n") + ReportJSON.spaces(2)
                    + jsonObject(row).prettyPrinted(indent: 2)
            }
        }

        public func footer() -> String {
            switch format {
            case .csv: return ""
            case .json: return rowsWritten == 0 ? "[]\n" : "\n]\n"
            }
        }
    }

    static func cells(_ row: SettlementExportRow) -> [CSVCell] {
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
        return cells
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
