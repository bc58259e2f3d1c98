import ReconCore

/// Turns one raw record into validated-ready fields, the exact bytes that were
/// signed (RFC 8785 form without `signature`, SPEC §3.1), and the extra
/// fields to keep as JSON. Pure and thread-safe.
struct RecordPreparer: Sendable {
    enum Prepared {
        case prepared(RecordFields, extraJSON: [UInt8]?, line: Int)
        case rejected(Rejection)
    }

    func prepare(_ item: RawChunk.Item, layout: CSVLayout?, message: inout [UInt8]) -> Prepared {
        switch item {
        case .csv(.malformed(let row)):
            return .rejected(Rejection(line: row.line, txnID: nil, reason: .malformed, detail: row.detail))
        case .csv(.record(let record)):
            return prepareCSV(record, layout: layout!, message: &message)
        case .json(let result, let line):
            switch result.content {
            case .malformed(let detail):
                return .rejected(Rejection(line: line, txnID: nil, reason: .malformed, detail: "not valid JSON: \(detail)"))
            case .value(let value):
                return prepareJSON(value, line: line, message: &message)
            }
        }
    }

    private func prepareCSV(_ record: CSVRecord, layout: CSVLayout, message: inout [UInt8]) -> Prepared {
        guard record.fieldCount == layout.columnCount else {
            return .rejected(
                Rejection(
                    line: record.line, txnID: nil, reason: .malformed,
                    detail: "row has \(record.fieldCount) fields, the header has \(layout.columnCount)"))
        }
        var fields = RecordFields()
        for (index, column) in layout.requiredColumns.enumerated() {
            if let column { fields.values[index] = .text(record.field(column)) }
        }
        // The field count was checked above, so neither layout can throw.
        try? layout.signed.append(record, into: &message)
        let extra = try? layout.extra?.canonicalize(record)
        return .prepared(fields, extraJSON: extra, line: record.line)
    }

    private func prepareJSON(_ value: JSONValue, line: Int, message: inout [UInt8]) -> Prepared {
        guard case .object(let members) = value else {
            return .rejected(Rejection(line: line, txnID: nil, reason: .malformed, detail: "record is not a JSON object"))
        }
        if let duplicate = value.duplicateKeys().first {
            return .rejected(
                Rejection(line: line, txnID: nil, reason: .malformed, detail: "member '\(duplicate)' appears twice"))
        }
        var fields = RecordFields()
        var extraMembers: [(key: String, value: JSONValue)] = []
        for member in members {
            if let field = RecordFields.Field(name: member.key) {
                fields[field] = member.value.stringValue.map { .text($0) } ?? .notString
            } else {
                if member.value.containsNULCharacter {
                    return .rejected(
                        Rejection(
                            line: line, txnID: fields.txnIDText, reason: .invalidField,
                            detail: "\(member.key) contains a NUL character, which cannot be stored"))
                }
                extraMembers.append(member)
            }
        }
        do {
            try JCS.append(.object(members.filter { $0.key != "signature" }), into: &message)
            let extra = extraMembers.isEmpty ? nil : try JCS.canonicalize(.object(extraMembers))
            return .prepared(fields, extraJSON: extra, line: line)
        } catch {
            return .rejected(
                Rejection(line: line, txnID: fields.txnIDText, reason: .malformed, detail: "cannot canonicalize: \(error)"))
        }
    }
}

extension JSONValue {
    /// PostgreSQL `jsonb` refuses `\u0000`; such records are rejected, not crashed on.
    var containsNULCharacter: Bool {
        switch self {
        case .string(let text): return text.utf8.contains(0)
        case .array(let values): return values.contains { $0.containsNULCharacter }
        case .object(let members): return members.contains { $0.key.utf8.contains(0) || $0.value.containsNULCharacter }
        case .null, .bool, .number: return false
        }
    }
}
