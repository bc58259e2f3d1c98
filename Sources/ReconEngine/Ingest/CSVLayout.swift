import ReconCore

/// What a CSV file's header says about every row, worked out once per file:
/// where each required field is, and the RFC 8785 member order of the signed
/// object. A CSV record is the object header → cell text (SPEC §3.1), so the
/// canonical message has the same keys in the same order on every row.
struct CSVLayout: Sendable {
    /// Column of each required field (`RecordFields.Field` order), nil if absent.
    let requiredColumns: [Int?]
    let columnCount: Int
    /// The signed object: every column but `signature`.
    let signed: JCSStringObjectLayout
    /// Columns that are not required fields, kept as the `extra` JSON; nil if none.
    let extra: JCSStringObjectLayout?

    init(header: CSVRecord, file: String) throws(InputError) {
        let names = header.fields
        do {
            signed = try JCSStringObjectLayout(keys: names, excluding: ["signature"])
        } catch {
            throw InputError(file: file, line: header.line, "the header names a column twice (\(error)); each column needs a unique name")
        }
        columnCount = names.count
        requiredColumns = RecordFields.Field.allCases.map { names.firstIndex(of: $0.name) }
        let required = Set(RecordFields.requiredNames)
        extra = names.contains { !required.contains($0) }
            ? try? JCSStringObjectLayout(keys: names, excluding: required) : nil
    }
}
