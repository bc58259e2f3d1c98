/// A CSV row the reader could not turn into a record. The reader has already
/// skipped to the end of it and continues with the next record.
public struct CSVMalformedRow: Sendable, Equatable, Error {
    public enum Reason: String, Sendable, Equatable {
        case unterminatedQuote = "unterminated quoted field"
        case garbageAfterClosingQuote = "text after closing quote"
        case quoteInUnquotedField = "quote inside unquoted field"
        case bareCarriageReturn = "carriage return without line feed outside quotes"
        case invalidUTF8 = "invalid UTF-8"
        case nulByte = "NUL byte"
        case tooManyFields = "too many fields"
        case fieldTooLong = "field too long"
    }

    /// Physical 1-based line on which the row starts.
    public let line: Int
    public let reason: Reason
    /// Which field (1-based) the problem is in, where known.
    public let fieldNumber: Int?

    public init(line: Int, reason: Reason, fieldNumber: Int?) {
        self.line = line
        self.reason = reason
        self.fieldNumber = fieldNumber
    }

    /// Short text for reports, e.g. `field too long (field 3)`.
    public var detail: String {
        guard let fieldNumber else { return reason.rawValue }
        return "\(reason.rawValue) (field \(fieldNumber))"
    }
}

/// What `CSVReader.next()` yields: a record or a row it had to reject.
public enum CSVReadResult: Sendable, Equatable {
    case record(CSVRecord)
    case malformed(CSVMalformedRow)

    /// Physical 1-based start line of the row, whichever the outcome.
    public var line: Int {
        switch self {
        case .record(let record): return record.line
        case .malformed(let row): return row.line
        }
    }
}

/// What `CSVReader.read(into:)` reports; the record itself is in the buffer
/// the caller passed, so a loop can reuse one buffer for every row.
public enum CSVReadStatus: Sendable, Equatable {
    case record
    case malformed(CSVMalformedRow)
    case endOfInput
}
