import Foundation

/// A statement whose interpolated values become `$n` parameters, so that no
/// value is ever spliced into SQL text:
///
///     try connection.execute("select net from settlement_groups where source = \(source) and id = \(id)" as SQL)
///
/// Identifiers and SQL fragments of ours (column lists, a sub-statement) go
/// in with `\(sql:)`, which takes another `SQL` (its parameters renumbered)
/// or `\(columns:)` for a ``ColumnList``. There is no interpolation of a
/// plain `String` as text: such a value is a parameter.
public struct SQL: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var text: String
    public private(set) var parameters: [PostgresValue?]

    public init(stringLiteral value: String) {
        text = value
        parameters = []
    }

    public init(stringInterpolation: Interpolation) {
        text = stringInterpolation.text
        parameters = stringInterpolation.parameters
    }

    public var description: String { text }

    /// A PostgreSQL text[] literal: every element quoted, `"` and `\` escaped.
    static func arrayLiteral(_ values: [String]) -> String {
        "{" + values.map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}"
    }

    public struct Interpolation: StringInterpolationProtocol {
        var text = ""
        var parameters: [PostgresValue?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) { text += literal }

        /// A bound parameter (`nil` binds NULL).
        public mutating func appendInterpolation(_ value: PostgresValue?) {
            parameters.append(value)
            text += "$\(parameters.count)"
        }

        public mutating func appendInterpolation(_ value: String) { appendInterpolation(.text(value)) }
        public mutating func appendInterpolation(_ value: String?) { appendInterpolation(value.map { .text($0) }) }
        public mutating func appendInterpolation(_ value: Int64) { appendInterpolation(.int64(value)) }
        public mutating func appendInterpolation(_ value: Int64?) { appendInterpolation(value.map { .int64($0) }) }
        public mutating func appendInterpolation(_ value: Int) { appendInterpolation(.int64(Int64(value))) }
        public mutating func appendInterpolation(_ value: Bool) { appendInterpolation(.bool(value)) }

        /// An array bound as one text parameter in PostgreSQL's array
        /// syntax; the statement casts it (`\(array: ids)::bigint[]`).
        public mutating func appendInterpolation(array values: [Int64]) {
            appendInterpolation(.text("{" + values.map(String.init).joined(separator: ",") + "}"))
        }

        /// Every element quoted, `"` and `\` escaped; cast with `::text[]`.
        public mutating func appendInterpolation(array values: [String]) {
            appendInterpolation(.text(SQL.arrayLiteral(values)))
        }

        /// A fragment of ours; its parameters follow the ones before it.
        public mutating func appendInterpolation(sql fragment: SQL) {
            var fragmentText = fragment.text
            if !fragment.parameters.isEmpty {
                // Renumber from the highest so $1 does not clobber $10.
                for index in stride(from: fragment.parameters.count, through: 1, by: -1) {
                    fragmentText = fragmentText.replacingPlaceholder(index, with: parameters.count + index)
                }
            }
            parameters.append(contentsOf: fragment.parameters)
            text += fragmentText
        }

        public mutating func appendInterpolation(columns: ColumnList) { text += columns.sql }

        /// A table, CTE or temporary table name of ours; never input.
        public mutating func appendInterpolation(identifier: String) { text += identifier }

        /// A column list of ours kept as a string constant (older row codecs);
        /// never a value and never input.
        public mutating func appendInterpolation(columns: String) { text += columns }
    }
}

/// The column names of a table's row codec, written once and used in every
/// `insert`, `select` and `copy` of those columns.
public struct ColumnList: Sendable {
    public let names: [String]

    public init(_ names: String...) { self.names = names }

    public var sql: String { names.joined(separator: ", ") }
    /// Each name prefixed with `alias.`; an expression (a `to_char(…)`) is
    /// given its column's name as alias.
    public func qualified(by alias: String) -> ColumnList {
        ColumnList(names: names.map { name in
            guard let open = name.firstIndex(of: "("), let comma = name.firstIndex(of: ",") else { return "\(alias).\(name)" }
            let column = name[name.index(after: open)..<comma].trimmingCharacters(in: .whitespaces)
            return name.replacingOccurrences(of: "(\(column),", with: "(\(alias).\(column),") + " as \(column)"
        })
    }

    /// These columns and then `more`.
    public func appending(_ more: String...) -> ColumnList { ColumnList(names: names + more) }

    private init(names: [String]) { self.names = names }
    public var count: Int { names.count }
}

extension String {
    fileprivate func replacingPlaceholder(_ old: Int, with new: Int) -> String {
        // Only whole placeholders: `$1` but not the `$1` of `$12`.
        var output = ""
        var rest = Substring(self)
        let token = "$\(old)"
        while let range = rest.range(of: token) {
            output += rest[..<range.lowerBound]
            let after = rest[range.upperBound...]
            if let next = after.first, next.isNumber {
                output += token
            } else {
                output += "$\(new)"
            }
            rest = after
        }
        return output + rest
    }
}

extension PostgresConnection {
    @discardableResult
    public func execute(_ statement: SQL) throws(DatabaseError) -> QueryResult {
        try execute(statement.text, statement.parameters)
    }

    public func forEachBatch(_ statement: SQL, batchSize: Int = 50_000, _ body: (QueryResult) throws -> Void) throws {
        try forEachBatch(statement.text, statement.parameters, batchSize: batchSize, body)
    }

    /// COPY takes no parameters: a `COPY (select …) TO STDOUT` whose values
    /// must be literals goes through here, each value quoted by libpq's
    /// `PQescapeLiteral`. The only place recon writes values into SQL text.
    public func copyOutWithEscapedLiterals(
        _ build: (_ literal: (String) throws(DatabaseError) -> String) throws(DatabaseError) -> String,
        _ consume: (BinaryCopyRow) throws -> Void
    ) throws -> Int {
        let query = try build { (value: String) throws(DatabaseError) -> String in try escapeLiteral(value) }
        return try copyOut(query, consume)
    }
}
