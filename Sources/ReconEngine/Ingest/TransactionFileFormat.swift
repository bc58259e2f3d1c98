/// Transaction file formats, chosen by file name (SPEC §3).
enum TransactionFileFormat: String, Sendable {
    case csv, json, jsonLines

    struct Detected: Sendable {
        var format: TransactionFileFormat
        var gzip: Bool
    }

    static func detect(fileName: String) -> Detected? {
        var name = fileName.lowercased()
        var gzip = false
        if name.hasSuffix(".gz") {
            gzip = true
            name.removeLast(3)
        }
        if name.hasSuffix(".csv") { return Detected(format: .csv, gzip: gzip) }
        if name.hasSuffix(".json") { return Detected(format: .json, gzip: gzip) }
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") { return Detected(format: .jsonLines, gzip: gzip) }
        return nil
    }
}
