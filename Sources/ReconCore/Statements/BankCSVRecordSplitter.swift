/// Splits RFC 4180 text into records of fields as its bytes arrive, remembering
/// the physical line where each record starts. Self-contained on purpose:
/// bank CSV is small and fixed, and this keeps the statement readers
/// independent of the transaction-file parsers. Memory: one record, whose
/// fields and line are bounded by ``StatementLimits``.
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

    private var fields: [String] = []
    private var field: [UInt8] = []
    private var line = 1
    private var recordLine = 1
    private var inQuotes = false
    private var quotedFieldClosed = false
    private var quoteLine = 1
    private var lineBytes = 0
    /// A `"` inside quotes whose meaning (escape or end) the next byte decides.
    private var pendingQuote = false
    /// A CR outside quotes: dropped when an LF follows, else field text.
    private var pendingCR = false

    /// Bytes without BOM. Accepts LF and CRLF; a final line end is optional.
    /// Blank lines are skipped (they hold no record).
    mutating func feed(_ bytes: ArraySlice<UInt8>, _ emit: (Record) throws -> Void) throws {
        for byte in bytes { try take(byte, emit) }
    }

    mutating func finish(_ emit: (Record) throws -> Void) throws {
        if pendingQuote {
            pendingQuote = false
            inQuotes = false
            quotedFieldClosed = true
        }
        if pendingCR {
            pendingCR = false
            try appendOutsideQuotes(UInt8(ascii: "\r"))
        }
        if inQuotes { throw Failure.unterminatedQuote(line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty || quotedFieldClosed { try endRecord(emit) }
    }

    private mutating func take(_ byte: UInt8, _ emit: (Record) throws -> Void) throws {
        if pendingQuote {
            pendingQuote = false
            if byte == UInt8(ascii: "\"") {
                field.append(byte)  // `""`: an escaped quote (the second one is not counted as its own byte)
                return
            }
            inQuotes = false
            quotedFieldClosed = true
        }
        if pendingCR {
            pendingCR = false
            if byte != UInt8(ascii: "\n") { try appendOutsideQuotes(UInt8(ascii: "\r")) }
        }
        lineBytes = byte == UInt8(ascii: "\n") ? 0 : lineBytes + 1
        if lineBytes > StatementLimits.physicalLineBytesMax { throw Failure.lineTooLong(line: line, field: fields.count) }
        if field.count > StatementLimits.elementTextBytesMax {
            throw Failure.fieldTooLong(line: recordLine, field: fields.count)
        }
        if inQuotes {
            if byte == UInt8(ascii: "\"") {
                pendingQuote = true
            } else {
                if byte == UInt8(ascii: "\n") { line += 1 }
                field.append(byte)
            }
            return
        }
        switch byte {
        case UInt8(ascii: ","):
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            quotedFieldClosed = false
        case UInt8(ascii: "\r"):
            pendingCR = true
        case UInt8(ascii: "\n"):
            try endRecord(emit)
            line += 1
            recordLine = line
        case UInt8(ascii: "\"") where field.isEmpty && !quotedFieldClosed:
            inQuotes = true
            quoteLine = line
        default:
            try appendOutsideQuotes(byte)
        }
    }

    private mutating func appendOutsideQuotes(_ byte: UInt8) throws {
        if quotedFieldClosed { throw Failure.textAfterClosingQuote(line: line) }
        field.append(byte)
    }

    private mutating func endRecord(_ emit: (Record) throws -> Void) throws {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        let isBlank = fields.count == 1 && fields[0].isEmpty && !quotedFieldClosed
        let record = Record(fields: fields, line: recordLine)
        fields.removeAll(keepingCapacity: true)
        quotedFieldClosed = false
        if !isBlank { try emit(record) }
    }
}
