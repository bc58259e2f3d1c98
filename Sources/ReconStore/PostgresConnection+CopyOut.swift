import CLibPQ

/// One row of a binary `COPY … TO STDOUT`, valid only inside the callback
/// that receives it (it points into libpq's buffer).
public struct BinaryCopyRow {
    fileprivate var base: UnsafeRawPointer
    fileprivate var offsets: UnsafeMutableBufferPointer<Int>
    fileprivate var lengths: UnsafeMutableBufferPointer<Int32>
    public fileprivate(set) var fieldCount: Int

    public func isNull(_ field: Int) -> Bool { lengths[field] < 0 }

    public func text(_ field: Int) -> String? {
        guard lengths[field] >= 0 else { return nil }
        let bytes = UnsafeRawBufferPointer(start: base + offsets[field], count: Int(lengths[field]))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A column's raw bytes (UTF-8 for text in binary COPY), valid inside
    /// the callback only.
    public func bytes(_ field: Int) -> UnsafeRawBufferPointer? {
        guard lengths[field] >= 0 else { return nil }
        return UnsafeRawBufferPointer(start: base + offsets[field], count: Int(lengths[field]))
    }

    /// An `int8` column (or a `bigint` cast).
    public func int64(_ field: Int) -> Int64? {
        guard lengths[field] == 8 else { return nil }
        return Int64(bigEndian: (base + offsets[field]).loadUnaligned(as: Int64.self))
    }

    /// An `int4` column, or a `date` (days since 2000-01-01).
    public func int32(_ field: Int) -> Int32? {
        guard lengths[field] == 4 else { return nil }
        return Int32(bigEndian: (base + offsets[field]).loadUnaligned(as: Int32.self))
    }
}

extension PostgresConnection {
    /// Runs `COPY (query) TO STDOUT WITH (FORMAT binary)` and hands each row
    /// to `consume` as it arrives: the fastest way to read a million rows,
    /// and the client works while the server is still sending. COPY takes no
    /// bind parameters: quote values into `query` with ``escapeLiteral(_:)``.
    /// Returns the number of rows.
    @discardableResult
    public func copyOut(_ query: String, _ consume: (BinaryCopyRow) throws -> Void) throws -> Int {
        let connection = try livePointer()
        _ = try checked(PQexec(connection, "copy (\(query)) to stdout with (format binary)"), expecting: [PGRES_COPY_OUT])
        let offsets = UnsafeMutableBufferPointer<Int>.allocate(capacity: 64)
        let lengths = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 64)
        defer {
            offsets.deallocate()
            lengths.deallocate()
        }
        var headerRead = false
        var rows = 0
        var failure: Error?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let size = PQgetCopyData(connection, &buffer, 0)
            if size == -1 { break }
            guard size >= 0, let buffer else {
                let error = connectionError(fallback: "COPY TO failed")
                drainResults(connection)
                throw error
            }
            defer { PQfreemem(buffer) }
            // A consumer error stops the work but the stream is read to its
            // end, so the session stays usable.
            guard failure == nil else { continue }
            let base = UnsafeRawPointer(buffer)
            var position = 0
            if !headerRead {
                // Signature (11), flags (4), header extension length (4) + extension.
                guard size >= 19 else {
                    failure = DatabaseError.unexpectedResult(message: "binary COPY header is short")
                    continue
                }
                position = 19 + Int(Int32(bigEndian: (base + 15).loadUnaligned(as: Int32.self)))
                headerRead = true
            }
            while position + 2 <= Int(size) {
                let fieldCount = Int(Int16(bigEndian: (base + position).loadUnaligned(as: Int16.self)))
                position += 2
                if fieldCount < 0 { break }  // trailer
                guard fieldCount <= offsets.count else {
                    failure = DatabaseError.unexpectedResult(message: "COPY row with \(fieldCount) fields")
                    break
                }
                for field in 0..<fieldCount {
                    let length = Int32(bigEndian: (base + position).loadUnaligned(as: Int32.self))
                    position += 4
                    offsets[field] = position
                    lengths[field] = length
                    if length > 0 { position += Int(length) }
                }
                guard position <= Int(size) else {
                    failure = DatabaseError.unexpectedResult(message: "COPY row overruns its message")
                    break
                }
                rows += 1
                do {
                    try consume(BinaryCopyRow(base: base, offsets: offsets, lengths: lengths, fieldCount: fieldCount))
                } catch {
                    failure = error
                    break
                }
            }
        }
        do {
            _ = try checked(PQgetResult(connection), expecting: [PGRES_COMMAND_OK])
        } catch {
            drainResults(connection)
            throw error
        }
        drainResults(connection)
        if let failure { throw failure }
        return rows
    }

    /// Quotes a string as an SQL literal with `PQescapeLiteral`, for COPY
    /// queries, which cannot take bind parameters.
    public func escapeLiteral(_ value: String) throws(DatabaseError) -> String {
        let connection = try livePointer()
        let utf8 = Array(value.utf8)
        guard let escaped = PQescapeLiteral(connection, value, utf8.count) else {
            throw connectionError(fallback: "could not quote a literal")
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }
}
