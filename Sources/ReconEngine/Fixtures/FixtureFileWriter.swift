import Foundation
import ReconCore

/// Writes fixture records as `.csv` (RFC 4180, header from the first record),
/// `.json` (one array) or `.jsonl`, the formats of SPEC §3.
public enum FixtureFileWriter {
    public enum Format: String, Sendable { case csv, json, jsonl }

    public static func encode(_ records: [FixtureRecord], format: Format, lineEnding: String = "\n") -> [UInt8] {
        var out: [UInt8] = []
        switch format {
        case .csv:
            guard let first = records.first else { return [] }
            let header = first.fields.map(\.name)
            appendCSVRow(header, to: &out, lineEnding: lineEnding)
            for record in records { appendCSVRow(header.map { record[$0] ?? "" }, to: &out, lineEnding: lineEnding) }
        case .jsonl:
            for record in records {
                appendJSONObject(record, to: &out)
                out.append(contentsOf: lineEnding.utf8)
            }
        case .json:
            out.append(UInt8(ascii: "["))
            for (index, record) in records.enumerated() {
                out.append(contentsOf: (index == 0 ? "\n" : ",\n").utf8)
                appendJSONObject(record, to: &out)
            }
            out.append(contentsOf: "\n]\n".utf8)
        }
        return out
    }

    public static func appendCSVRow(_ cells: [String], to out: inout [UInt8], lineEnding: String = "\n") {
        for (index, cell) in cells.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            let needsQuotes = cell.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
            if needsQuotes {
                out.append(UInt8(ascii: "\""))
                for byte in cell.utf8 {
                    if byte == UInt8(ascii: "\"") { out.append(byte) }
                    out.append(byte)
                }
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: cell.utf8)
            }
        }
        out.append(contentsOf: lineEnding.utf8)
    }

    public static func appendJSONObject(_ record: FixtureRecord, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, field) in record.fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JCS.appendString(field.name, into: &out)
            out.append(UInt8(ascii: ":"))
            JCS.appendString(field.value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    public static func write(_ records: [FixtureRecord], format: Format, to path: String) throws {
        try Data(encode(records, format: format)).write(to: URL(fileURLWithPath: path))
    }
}
