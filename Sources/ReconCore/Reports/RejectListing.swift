/// `recon rejects` output: the `rejected.csv` columns (SPEC §6) after the
/// batch id, so a row leads to `recon batches` and `recon rerun --batch`.
public enum RejectListing {
    public struct Row: Sendable, Equatable {
        public var batchID: Int64
        public var record: RejectedRecordRow

        public init(batchID: Int64, record: RejectedRecordRow) {
            self.batchID = batchID
            self.record = record
        }
    }

    public static let columns = ["batch_id"] + RejectedReport.columns

    public static func csv(_ rows: [Row]) -> String {
        var writer = CSVWriter(header: columns)
        for row in rows {
            writer.append([
                .ownValue(String(row.batchID)), .inputText(row.record.sourceFile), .ownValue(String(row.record.line)),
                .inputText(row.record.txnID), .ownValue(row.record.reason.rawValue), .inputText(row.record.detail),
            ])
        }
        return writer.finished()
    }

    public static func json(_ rows: [Row]) -> String {
        ReportJSON.array(
            rows.map { row in
                .object([
                    .init("batch_id", .string(String(row.batchID))),
                    .init("source_file", .string(row.record.sourceFile)),
                    .init("line", .integer(row.record.line)),
                    .init("txn_id", .optionalString(row.record.txnID)),
                    .init("reason", .string(row.record.reason.rawValue)),
                    .init("detail", .string(row.record.detail)),
                ])
            }
        ).prettyPrinted()
    }

    public static func table(_ rows: [Row], width: Int) -> String {
        guard !rows.isEmpty else { return "no rejected records match\n" }
        var table = TextTable(columns: [
            .init("BATCH", alignRight: true), .init("FILE", shrinkable: true, minimumWidth: 12),
            .init("LINE", alignRight: true), .init("TXN ID", shrinkable: true, minimumWidth: 10), .init("REASON"),
            .init("DETAIL", shrinkable: true, minimumWidth: 12),
        ])
        for row in rows {
            table.append([
                String(row.batchID), row.record.sourceFile, String(row.record.line), row.record.txnID ?? "",
                row.record.reason.rawValue, row.record.detail,
            ])
        }
        return table.render(width: width)
    }
}
