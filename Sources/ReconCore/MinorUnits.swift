/// Conversion between SPEC §2 decimal strings and integer minor units.
///
/// Money is never a binary floating-point number anywhere in recon: amounts are
/// parsed digit by digit into an `Int64` count of minor units and printed back
/// the same way.
public enum MinorUnits {
    /// Parses `-?[0-9]+(\.[0-9]+)?` with at most `digits` fraction digits.
    /// Returns nil for anything else, including overflow of `Int64`.
    public static func parse(_ text: String, digits: Int) -> Int64? {
        var utf8 = text.utf8[...]
        return parseSlice(&utf8, digits: digits)
    }

    private static func parseSlice<Bytes: Collection>(_ bytes: inout Bytes, digits: Int) -> Int64?
    where Bytes.Element == UInt8, Bytes.SubSequence == Bytes {
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        var magnitude: Int64 = 0
        var integerDigits = 0
        var fractionDigits = 0
        var inFraction = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !inFraction, integerDigits > 0 else { return nil }
                inFraction = true
                continue
            }
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            if inFraction { fractionDigits += 1 } else { integerDigits += 1 }
            guard fractionDigits <= digits else { return nil }
            let (shifted, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
            let (added, overflowB) = shifted.addingReportingOverflow(Int64(byte - 0x30))
            guard !overflowA, !overflowB else { return nil }
            magnitude = added
        }
        guard integerDigits > 0, !(inFraction && fractionDigits == 0) else { return nil }
        for _ in fractionDigits..<digits {
            let (scaled, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            magnitude = scaled
        }
        return negative ? -magnitude : magnitude
    }

    /// Formats minor units as a decimal string with exactly `digits` fraction
    /// digits: `format(-5, digits: 2) == "-0.05"`, `format(100, digits: 0) == "100"`.
    public static func format(_ amount: Int64, digits: Int) -> String {
        let negative = amount < 0
        // magnitude as UInt64 so Int64.min formats correctly.
        var magnitude = amount.magnitude
        var characters: [UInt8] = []
        var produced = 0
        repeat {
            characters.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
            produced += 1
            if produced == digits { characters.append(UInt8(ascii: ".")) }
        } while magnitude > 0 || produced <= digits
        if characters.last == UInt8(ascii: ".") { characters.append(UInt8(ascii: "0")) }
        if negative { characters.append(UInt8(ascii: "-")) }
        return String(decoding: characters.reversed(), as: UTF8.self)
    }
}
