import Foundation

/// Decimal amounts as banks write them, checked against the currency's minor
/// digits and turned into minor units without ever passing through a float.
enum StatementAmount {
    /// `separator` is `.` for camt and CSV, `,` for MT940 (where some banks,
    /// Rabobank among them, write `.` instead: accepted when no `,` appears).
    /// MT940 also allows a trailing separator with no fraction (`250,`), and
    /// leading zeros. Fraction digits beyond the currency's minor unit are
    /// accepted only when they are zeros (`8.850` EUR is exactly 8.85): the
    /// value is still exact, while `8.855` EUR is an error.
    static func parse(_ text: Substring, separator: Character, digits: Int) -> Int64? {
        var normalized = String(text)
        if separator != "." && normalized.contains(separator) {
            guard !normalized.contains(".") else { return nil }
            normalized = normalized.replacingOccurrences(of: String(separator), with: ".")
        }
        if normalized.hasSuffix(".") { normalized.removeLast() }
        let parts = normalized.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            var fraction = Substring(parts[1])
            while fraction.count > digits, fraction.last == "0" { fraction = fraction.dropLast() }
            normalized = fraction.isEmpty ? String(parts[0]) : parts[0] + "." + fraction
        }
        return MinorUnits.parse(normalized, digits: digits)
    }

    /// Why `text` failed, for the error message.
    static func problem(_ text: Substring, separator: Character, digits: Int) -> String {
        if let dot = text.firstIndex(where: { $0 == separator || $0 == "." }) {
            let fraction = text[text.index(after: dot)...]
            if fraction.count > digits, fraction.allSatisfy(\.isNumber) {
                return "amount '\(text)' has \(fraction.count) fraction digits, the currency allows \(digits)"
            }
        }
        if text.isEmpty { return "amount is missing" }
        return "amount '\(text)' is not a decimal number"
    }
}
