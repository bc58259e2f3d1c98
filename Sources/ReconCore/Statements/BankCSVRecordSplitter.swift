/// Splits RFC 4180 text into records of fields, remembering the physical line
/// where each record starts. Self-contained on purpose: bank CSV is small and
/// fixed, and this keeps the statement readers independent of the
/// transaction-file parsers.
struct BankCSVRecordSplitter {
    struct Record {
        var fields: [String]
        var line: Int
    }

    enum Failure: Error {
        case unterminatedQuote(line: Int)
        case textAfterClosingQuote(line: Int)
        /// A field over ``StatementLimits/elementTextBytesMax``; `field` is 0-based.
        case fieldTooLong(line: Int, field: Int)
        /// A physical line over ``StatementLimits/physicalLineBytesMax``.
        case lineTooLong(line: Int, field: Int)
    }

    /// `bytes` without BOM. Accepts LF and CRLF; a final line end is optional.
    /// Blank lines are skipped (they hold no record).
    static func split(_ bytes: ArraySlice<UInt8>) throws(Failure) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = bytes.startIndex
        var inQuotes = false
        var quotedFieldClosed = false
        var quoteLine = 1

        func endRecord() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            let isBlank = fields.count == 1 && fields[0].isEmpty && !quotedFieldClosed
            if !isBlank { records.append(Record(fields: fields, line: recordLine)) }
            fields.removeAll(keepingCapacity: true)
            quotedFieldClosed = false
        }

        var lineBytes = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            index += 1
            lineBytes = byte == UInt8(ascii: "\n") ? 0 : lineBytes + 1
            if lineBytes > StatementLimits.physicalLineBytesMax { throw .lineTooLong(line: line, field: fields.count) }
            if field.count > StatementLimits.elementTextBytesMax { throw .fieldTooLong(line: recordLine, field: fields.count) }
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        inQuotes = false
                        quotedFieldClosed = true
                    }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                quotedFieldClosed = false
            case UInt8(ascii: "\r") where index < bytes.endIndex && bytes[index] == UInt8(ascii: "\n"):
                continue
            case UInt8(ascii: "\n"):
                endRecord()
                line += 1
                recordLine = line
            case UInt8(ascii: "\"") where field.isEmpty && !quotedFieldClosed:
                inQuotes = true
                quoteLine = line
            default:
                if quotedFieldClosed { throw .textAfterClosingQuote(line: line) }
                field.append(byte)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty || quotedFieldClosed { endRecord() }
        return records
    }
}
