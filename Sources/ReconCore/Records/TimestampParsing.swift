/// Parsing of the two date shapes of SPEC §3: `YYYY-MM-DD` and RFC 3339
/// timestamps with an explicit offset. Works on UTF-8 bytes: it runs once
/// per record field on the ingest hot path.
public enum TimestampParsing {
    /// `YYYY-MM-DD` → days since 1970-01-01, or nil when malformed or not a real day.
    public static func date<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int? where Bytes.Index == Int {
        guard bytes.count == 10 else { return nil }
        let base = bytes.startIndex
        guard bytes[base + 4] == UInt8(ascii: "-"), bytes[base + 7] == UInt8(ascii: "-"),
            let year = number(bytes, base, 4), let month = number(bytes, base + 5, 2),
            let day = number(bytes, base + 8, 2),
            (1...12).contains(month), day >= 1, day <= CalendarMath.daysInMonth(year: year, month: month)
        else { return nil }
        return CalendarMath.daysSinceEpoch(year: year, month: month, day: day)
    }

    public static func date(_ text: String) -> Int? { date(Array(text.utf8)) }

    /// RFC 3339 `date-time` (offset required: `Z` or `±hh:mm`) → microseconds
    /// since the Unix epoch, UTC. Fractions beyond microseconds are truncated.
    public static func timestamp<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int64? where Bytes.Index == Int {
        guard bytes.count >= 20 else { return nil }
        let base = bytes.startIndex
        guard let days = date(bytes[base..<base + 10]) else { return nil }
        let separator = bytes[base + 10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t"),
            bytes[base + 13] == UInt8(ascii: ":"), bytes[base + 16] == UInt8(ascii: ":"),
            let hour = number(bytes, base + 11, 2), let minute = number(bytes, base + 14, 2),
            let second = number(bytes, base + 17, 2), hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var index = base + 19
        var micros: Int64 = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.endIndex, let digit = digitValue(bytes[index]) {
                if digits < 6 { micros = micros * 10 + Int64(digit) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 6)..<6 { micros *= 10 }
        }
        guard index < bytes.endIndex else { return nil }
        var offsetSeconds = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == bytes.endIndex else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == bytes.endIndex, bytes[index + 3] == UInt8(ascii: ":"),
                let offsetHours = number(bytes, index + 1, 2), let offsetMinutes = number(bytes, index + 4, 2),
                offsetHours <= 23, offsetMinutes <= 59
            else { return nil }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return seconds * 1_000_000 + micros
    }

    public static func timestamp(_ text: String) -> Int64? { timestamp(Array(text.utf8)) }

    @inline(__always)
    private static func digitValue(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }

    @inline(__always)
    private static func number<Bytes: Collection<UInt8>>(_ bytes: Bytes, _ start: Int, _ count: Int) -> Int?
    where Bytes.Index == Int {
        var value = 0
        for index in start..<start + count {
            guard let digit = digitValue(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
