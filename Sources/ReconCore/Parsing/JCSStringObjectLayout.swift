/// Canonical JSON for flat objects whose values are all strings, with the key
/// order worked out once: a CSV file has one header for all its rows, so its
/// records are canonicalized by sorting the header once per file, not once
/// per row (SPEC §3.1: a CSV record is the object header name → cell text).
public struct JCSStringObjectLayout: Sendable {
    /// Keys in column order, as given.
    public let keys: [String]
    /// Column indices in canonical member order (excluded columns left out).
    private let canonicalColumns: [Int]
    /// For each member in canonical order: `"name":`, escaped, with the
    /// separating comma in front for all but the first; all in one array
    /// (`prefixEnds[i]` ends member `i`'s) so writing a row touches one buffer.
    private let memberPrefixBytes: [UInt8]
    private let prefixEnds: [Int]

    /// `excludedKeys` are left out of the object (e.g. `signature`, which
    /// the signature cannot cover). Throws `JCSError.duplicateKey` when a key
    /// occurs twice, since the object would be ambiguous.
    public init(keys: [String], excluding excludedKeys: Set<String> = []) throws {
        var seen = Set<[UInt16]>()
        for key in keys where !seen.insert(Array(key.utf16)).inserted {
            throw JCSError.duplicateKey(key)
        }
        self.keys = keys
        canonicalColumns = keys.indices
            .filter { !excludedKeys.contains(keys[$0]) }
            .sorted { JCS.precedesInUTF16Order(keys[$0], keys[$1]) }
        var prefixBytes: [UInt8] = []
        var prefixEnds: [Int] = []
        for (position, column) in canonicalColumns.enumerated() {
            if position > 0 { prefixBytes.append(UInt8(ascii: ",")) }
            JCS.appendString(keys[column], into: &prefixBytes)
            prefixBytes.append(UInt8(ascii: ":"))
            prefixEnds.append(prefixBytes.count)
        }
        self.memberPrefixBytes = prefixBytes
        self.prefixEnds = prefixEnds
    }

    private func memberPrefix(_ position: Int, in prefixes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let start = position == 0 ? 0 : prefixEnds[position - 1]
        return UnsafeBufferPointer(rebasing: prefixes[start..<prefixEnds[position]])
    }

    /// Appends the canonical object of `values` (one per key, in column order).
    public func append(values: [String], into output: inout [UInt8]) throws {
        guard values.count == keys.count else {
            throw JCSError.fieldCountMismatch(expected: keys.count, actual: values.count)
        }
        output.append(UInt8(ascii: "{"))
        memberPrefixBytes.withUnsafeBufferPointer { prefixes in
            for (position, column) in canonicalColumns.enumerated() {
                output.append(contentsOf: memberPrefix(position, in: prefixes))
                JCS.appendString(values[column], into: &output)
            }
        }
        output.append(UInt8(ascii: "}"))
    }

    /// Appends the canonical object of a CSV record, reading its field bytes
    /// in place (the reader has already validated them as UTF-8).
    public func append(_ record: CSVRecord, into output: inout [UInt8]) throws {
        guard record.fieldCount == keys.count else {
            throw JCSError.fieldCountMismatch(expected: keys.count, actual: record.fieldCount)
        }
        output.append(UInt8(ascii: "{"))
        // Reserving up front spares the appends below from growing the buffer.
        output.reserveCapacity(output.count + memberPrefixBytes.count + record.bytes.count + 2)
        record.bytes.withUnsafeBufferPointer { bytes in
            memberPrefixBytes.withUnsafeBufferPointer { prefixes in
                for (position, column) in canonicalColumns.enumerated() {
                    output.append(contentsOf: memberPrefix(position, in: prefixes))
                    let field = UnsafeBufferPointer(rebasing: bytes[record.fieldRange(column)])
                    JCS.appendString(utf8: field, into: &output)
                }
            }
        }
        output.append(UInt8(ascii: "}"))
    }

    public func canonicalize(_ record: CSVRecord) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(record.bytes.count + keys.count * 16)
        try append(record, into: &output)
        return output
    }
}
