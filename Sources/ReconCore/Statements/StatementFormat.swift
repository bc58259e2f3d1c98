import Foundation

/// The bank statement formats recon reads (SPEC §4).
public enum StatementFormat: String, Sendable, CaseIterable {
    case csv
    case camt053
    case mt940
    case bai2

    /// Guesses the format from the first bytes, never from the name alone:
    /// banks deliver `.txt`, `.sta`, `.xml` and extension-less files for all
    /// of them. `fileName` only breaks a tie when the content says nothing.
    public static func detect(data: some Collection<UInt8>, fileName: String) -> StatementFormat? {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        let trimmed = head.drop(while: { $0 == "\u{FEFF}" || $0.isWhitespace })
        if trimmed.hasPrefix("<?xml") || trimmed.hasPrefix("<Document") || trimmed.hasPrefix("<")
        {
            return .camt053
        }
        if trimmed.hasPrefix("{1:") || trimmed.hasPrefix(":20:") || head.contains("\n:20:") {
            return .mt940
        }
        // BAI2 opens with its 01 file header record; no bank CSV header starts with "01,".
        if trimmed.hasPrefix("01,") { return .bai2 }
        let firstLine = trimmed.prefix(while: { $0 != "\n" && $0 != "\r" })
        let columns = Set(firstLine.split(separator: ",").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        })
        if columns.isSuperset(of: ["account", "booking_date", "amount", "currency"]) {
            return .csv
        }
        let lowered = fileName.lowercased()
        if lowered.hasSuffix(".xml") { return .camt053 }
        if lowered.hasSuffix(".sta") || lowered.hasSuffix(".940") || lowered.hasSuffix(".mt940") {
            return .mt940
        }
        if lowered.hasSuffix(".csv") { return .csv }
        if lowered.hasSuffix(".bai") || lowered.hasSuffix(".bai2") { return .bai2 }
        return nil
    }
}

/// One entry point for every format, so callers (statement show, ingest) do
/// not repeat the dispatch.
public enum StatementReader {
    public static func parse(
        _ data: [UInt8], fileName: String, format: StatementFormat? = nil
    ) throws(StatementError) -> [BankStatement] {
        guard let chosen = format ?? StatementFormat.detect(data: data, fileName: fileName) else {
            throw StatementError(
                .malformed, fileName: fileName, line: 1,
                "not a bank statement: expected camt.053 XML, MT940, BAI2 or bank CSV with header "
                    + BankCSVReader.headerText)
        }
        switch chosen {
        case .csv: return try BankCSVReader.parse(data, fileName: fileName)
        case .camt053: return try CamtReader.parse(Data(data), fileName: fileName)
        case .mt940: return try MT940Reader.parse(data, fileName: fileName)
        case .bai2: return try BAI2Reader.parse(data, fileName: fileName)
        }
    }
}
