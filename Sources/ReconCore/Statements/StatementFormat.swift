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
        // ABN AMRO's downloads start with bank header lines and no :20: at all.
        if trimmed.hasPrefix("{1:") || trimmed.hasPrefix(":20:") || head.contains("\n:20:")
            || (head.contains("\n:25:") && head.contains("\n:60F:"))
        {
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
        switch try choose(format, head: data, fileName: fileName) {
        case .csv: return try BankCSVReader.parse(data, fileName: fileName)
        case .camt053: return try CamtReader.parse(Data(data), fileName: fileName)
        case .mt940: return try MT940Reader.parse(data, fileName: fileName)
        case .bai2: return try BAI2Reader.parse(data, fileName: fileName)
        }
    }

    /// The format asked for, else the one the first bytes show.
    public static func choose(
        _ format: StatementFormat?, head: some Collection<UInt8>, fileName: String
    ) throws(StatementError) -> StatementFormat {
        guard let chosen = format ?? StatementFormat.detect(data: head, fileName: fileName) else {
            throw StatementError(
                .malformed, fileName: fileName, line: 1,
                "not a bank statement: expected camt.053 XML, MT940, BAI2 or bank CSV with header "
                    + BankCSVReader.headerText)
        }
        return chosen
    }

    /// Reads `source` in chunks and hands each statement to `body` in file
    /// order, as soon as it is read. MT940, BAI2 and bank CSV are streamed
    /// (memory: one chunk and one statement, whatever the file's size; bank
    /// CSV whose accounts interleave excepted). camt.053 is read whole here;
    /// ``forEachStatement(path:fileName:format:_:)`` streams it from a file.
    /// Throws a `StatementError` or `body`'s own error.
    public static func forEachStatement(
        _ source: StatementByteSource, fileName: String, format: StatementFormat? = nil,
        _ body: (BankStatement) throws -> Void
    ) throws {
        let head = try source.head(4096, fileName: fileName)
        switch try choose(format, head: head, fileName: fileName) {
        case .csv: try BankCSVReader.forEachStatement(source, fileName: fileName, body)
        case .mt940: try MT940Reader.forEachStatement(source, fileName: fileName, body)
        case .bai2: try BAI2Reader.forEachStatement(source, fileName: fileName, body)
        case .camt053:
            var data = Data()
            try source.forEachChunk(fileName: fileName) { data.append(contentsOf: $0) }
            for statement in try CamtReader.parse(data, fileName: fileName) { try body(statement) }
        }
    }
}

extension StatementReader {
    /// Reads the file at `path` and hands each statement to `body` in file
    /// order, every format streamed: memory is one chunk and one statement,
    /// whatever the file's size. Used by `statement show`, which prints each
    /// statement as it comes.
    public static func forEachStatement(
        path: String, fileName: String, format: StatementFormat? = nil, _ body: (BankStatement) -> Void
    ) throws(StatementError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StatementError(.malformed, fileName: fileName, line: 1, "cannot open the file for reading")
        }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        try? handle.close()
        let chosen = format ?? StatementFormat.detect(data: head, fileName: fileName)
        if chosen == .camt053 {
            try CamtReader.forEachStatement(contentsOf: URL(fileURLWithPath: path), fileName: fileName, body)
            return
        }
        do {
            try forEachStatement(.file(path: path), fileName: fileName, format: chosen, body)
        } catch let error as StatementError {
            throw error
        } catch {
            preconditionFailure("statement reader threw \(error), not a StatementError, with a body that cannot throw")
        }
    }
}
