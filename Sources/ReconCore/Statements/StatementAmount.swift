import Foundation

/// Decimal amounts as banks write them, checked against the currency's minor
/// digits and turned into minor units without ever passing through a float.
enum StatementAmount {
    /// `separator` is `.` for camt and CSV, `,` for MT940. MT940 also allows a
    /// trailing separator with no fraction (`250,`), and leading zeros.
    static func parse(_ text: Substring, separator: Character, digits: Int) -> Int64? {
        var normalized = String(text)
        if separator != "." {
            guard !normalized.contains(".") else { return nil }
            normalized = normalized.replacingOccurrences(of: String(separator), with: ".")
        }
        if normalized.hasSuffix(".") { normalized.removeLast() }
        return MinorUnits.parse(normalized, digits: digits)
    }

    /// Why `text` failed, for the error message.
    static func problem(_ text: Substring, separator: Character, digits: Int) -> String {
        if let dot = text.firstIndex(of: separator) {
            let fraction = text[text.index(after: dot)...]
            if fraction.count > digits, fraction.allSatisfy(\.isNumber) {
                return "amount '\(text)' has \(fraction.count) fraction digits, the currency allows \(digits)"
            }
        }
        return "amount '\(text)' is not a decimal number"
    }
}
