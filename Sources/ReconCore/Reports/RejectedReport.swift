/// `rejected.csv` (SPEC §6), rows in the order given.
public enum RejectedReport {
    public static let columns = ["source_file", "line", "txn_id", "reason", "detail"]

    public static func csv(_ rows: [RejectedRecordRow]) -> String {
        var writer = CSVWriter(header: columns)
        for row in rows {
            writer.append([
                .inputText(row.sourceFile),
                .ownValue(String(row.line)),
                .inputText(row.txnID),
                .ownValue(row.reason.rawValue),
                .inputText(row.detail),
            ])
        }
        return writer.finished()
    }
}
