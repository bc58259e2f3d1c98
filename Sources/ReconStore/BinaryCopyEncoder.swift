/// Builds PostgreSQL's binary `COPY … FROM STDIN (FORMAT binary)` stream into
/// one reusable byte buffer.
///
/// Usage: `writeHeader()`, then per row `beginRow(fieldCount:)` followed by
/// exactly that many `append…` calls, then `writeTrailer()`. Send `bytes` to a
/// `CopyWriter` whenever `count` passes the flush size (e.g. 256 KiB) and call
/// `removeAll()`; the buffer keeps its capacity, so steady-state encoding does
/// not allocate. Field values are written big-endian straight into the buffer.
///
/// Format: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
public struct BinaryCopyEncoder: Sendable {
    /// The encoded bytes not yet sent.
    public var bytes: [UInt8] { storage }

    // Internal but inlinable, so that encoding from another module is
    // specialised and inlined rather than called through generic thunks.
    @usableFromInline var storage: [UInt8]

    /// The usual flush threshold: large enough to amortise a libpq call,
    /// small enough to keep memory flat.
    public static let defaultFlushSize = 256 * 1024

    /// `PGCOPY\n\377\r\n\0`
    @usableFromInline static let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00]

    public init(reservingCapacity capacity: Int = BinaryCopyEncoder.defaultFlushSize + 64 * 1024) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    /// Number of bytes waiting to be sent.
    @inlinable public var count: Int { storage.count }

    /// Forgets the bytes already sent, keeping the capacity.
    @inlinable public mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
    }

    /// Appends the rows another encoder holds (encoded elsewhere, e.g. on a
    /// worker thread), as if they had been encoded here.
    @inlinable public mutating func append(rowsOf other: BinaryCopyEncoder) {
        storage.append(contentsOf: other.storage)
    }

    /// Signature, flags (0: no OIDs) and header extension length (0).
    @inlinable public mutating func writeHeader() {
        storage.append(contentsOf: Self.signature)
        append(Int32(0))
        append(Int32(0))
    }

    /// The end-of-data marker: a field count of -1.
    @inlinable public mutating func writeTrailer() {
        append(Int16(-1))
    }

    @inlinable public mutating func beginRow(fieldCount: Int16) {
        append(fieldCount)
    }

    @inlinable public mutating func appendNull() {
        append(Int32(-1))
    }

    /// `text` / `varchar`: the UTF-8 bytes.
    @inlinable public mutating func appendText(_ string: String) {
        let utf8 = string.utf8
        appendLength(utf8.count)
        storage.append(contentsOf: utf8)
    }

    /// `text` / `varchar` from UTF-8 bytes already at hand (e.g. a slice of the
    /// input file), avoiding a `String`.
    @inlinable public mutating func appendText(_ utf8: some Collection<UInt8>) {
        appendLength(utf8.count)
        storage.append(contentsOf: utf8)
    }

    @inlinable public mutating func appendInt64(_ value: Int64) {
        append(Int32(8))
        append(value)
    }

    @inlinable public mutating func appendInt32(_ value: Int32) {
        append(Int32(4))
        append(value)
    }

    @inlinable public mutating func appendInt16(_ value: Int16) {
        append(Int32(2))
        append(value)
    }

    @inlinable public mutating func appendBool(_ value: Bool) {
        append(Int32(1))
        storage.append(value ? 1 : 0)
    }

    @inlinable public mutating func appendBytea(_ value: some Collection<UInt8>) {
        appendLength(value.count)
        storage.append(contentsOf: value)
    }

    /// `jsonb`: format version 1, then the JSON text.
    @inlinable public mutating func appendJSONB(_ utf8: some Collection<UInt8>) {
        appendLength(utf8.count + 1)
        storage.append(1)
        storage.append(contentsOf: utf8)
    }

    @inlinable public mutating func appendJSONB(_ json: String) {
        appendJSONB(json.utf8)
    }

    /// `date`: days since 2000-01-01.
    @inlinable public mutating func appendDate(daysSince2000 days: Int32) {
        append(Int32(4))
        append(days)
    }

    /// `integer[]`, one dimension from 1, no nulls: dimensions, null flag,
    /// element type (int4, OID 23), then length and lower bound, then each
    /// element as a 4-byte field. An empty array has no dimensions.
    @inlinable public mutating func appendInt32Array(_ values: [Int32]) {
        let header = values.isEmpty ? 12 : 20
        appendLength(header + values.count * 8)
        append(Int32(values.isEmpty ? 0 : 1))
        append(Int32(0))
        append(Int32(23))
        if !values.isEmpty {
            append(Int32(truncatingIfNeeded: values.count))
            append(Int32(1))
        }
        for value in values {
            append(Int32(4))
            append(value)
        }
    }

    /// `timestamptz` (and `timestamp`): microseconds since 2000-01-01 00:00 UTC.
    @inlinable public mutating func appendTimestamp(microsecondsSince2000 microseconds: Int64) {
        append(Int32(8))
        append(microseconds)
    }

    @inlinable mutating func appendLength(_ length: Int) {
        // A field over 1 GB cannot be stored by PostgreSQL at all.
        precondition(length <= Int(Int32.max), "COPY field longer than 2 GiB")
        append(Int32(truncatingIfNeeded: length))
    }

    @inlinable @inline(__always)
    mutating func append<Integer: FixedWidthInteger>(_ value: Integer) {
        Self.appendBigEndian(value, to: &storage)
    }

    /// Byte by byte, most significant first: measured twice as fast as
    /// appending the bytes of `value.bigEndian` as a buffer, which does not
    /// inline (1M key rows: 61 ms instead of 138 ms).
    @inlinable @inline(__always)
    public static func appendBigEndian<Integer: FixedWidthInteger>(_ value: Integer, to bytes: inout [UInt8]) {
        var shift = Integer.bitWidth - 8
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
            shift -= 8
        }
    }
}
