/// A value bound to a `$n` parameter of `PostgresConnection.execute`.
/// `nil` (an absent `PostgresValue?`) binds SQL NULL.
///
/// Everything except `.text` is sent in PostgreSQL's binary format with its
/// type OID, so no value is ever formatted into SQL text. `.text` is sent with
/// an unspecified type, so the server reads it as whatever the context needs
/// (`text`, `varchar`, `date`, `numeric`, …).
public enum PostgresValue: Sendable, Equatable {
    case text(String)
    case int64(Int64)
    case int32(Int32)
    case int16(Int16)
    case bool(Bool)
    case bytea([UInt8])
    /// JSON text, stored as `jsonb`.
    case jsonb(String)
    /// `date`: days since 2000-01-01 (negative before).
    case date(daysSince2000: Int32)
    /// `timestamptz`: microseconds since 2000-01-01 00:00:00 UTC.
    case timestamp(microsecondsSince2000: Int64)
}

extension PostgresValue {
    /// Type OID, wire format (0 text, 1 binary) and bytes of this parameter.
    /// Text is NUL-terminated because libpq reads text parameters as C strings.
    func appendParameter(to bytes: inout [UInt8]) -> (oid: UInt32, format: Int32) {
        switch self {
        case .text(let string):
            bytes.append(contentsOf: string.utf8)
            bytes.append(0)
            return (0, 0)
        case .int64(let value):
            BinaryCopyEncoder.appendBigEndian(value, to: &bytes)
            return (20, 1)
        case .int32(let value):
            BinaryCopyEncoder.appendBigEndian(value, to: &bytes)
            return (23, 1)
        case .int16(let value):
            BinaryCopyEncoder.appendBigEndian(value, to: &bytes)
            return (21, 1)
        case .bool(let value):
            bytes.append(value ? 1 : 0)
            return (16, 1)
        case .bytea(let value):
            bytes.append(contentsOf: value)
            return (17, 1)
        case .jsonb(let string):
            bytes.append(1)  // jsonb binary format version
            bytes.append(contentsOf: string.utf8)
            return (3802, 1)
        case .date(let days):
            BinaryCopyEncoder.appendBigEndian(days, to: &bytes)
            return (1082, 1)
        case .timestamp(let microseconds):
            BinaryCopyEncoder.appendBigEndian(microseconds, to: &bytes)
            return (1184, 1)
        }
    }

    /// PostgreSQL text cannot hold NUL, and libpq would silently cut a text
    /// parameter at the first one: refuse instead.
    var containsNulCharacter: Bool {
        switch self {
        case .text(let string): return string.utf8.contains(0)
        default: return false
        }
    }
}
