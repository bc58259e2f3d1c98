import Foundation

extension JobFile {
    /// `reconcile.amount_tolerance: { EUR: "0.05" }` (SPEC §5.7, §8): each key
    /// an ISO 4217 code, each value a non-negative amount written like any
    /// amount of that currency (SPEC §2). Anything else is refused (exit 78)
    /// naming the key: a tolerance silently read as zero, or as ten times
    /// what was meant, would change which payouts count as paid.
    static func amountTolerance(_ reconcile: inout YAMLMapping) throws(ConfigurationError) -> [String: Int64] {
        guard var mapping = try reconcile.optionalMapping("amount_tolerance") else { return [:] }
        var tolerance: [String: Int64] = [:]
        for code in mapping.keys {
            let key = "reconcile.amount_tolerance.\(code)"
            let line = mapping.lineOf(code)
            guard let currency = Currency(code: code) else {
                throw ConfigurationError(
                    file: mapping.file, line: line,
                    "\(key): '\(code)' is not a known ISO 4217 currency code; use an alphabetic code such as EUR")
            }
            let text = (try mapping.optionalString(code) ?? "").trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("-") {
                throw ConfigurationError(
                    file: mapping.file, line: line,
                    "\(key) is '\(text)', a negative amount; a tolerance is the largest accepted difference, e.g. \"0.05\"")
            }
            guard let minorUnits = MinorUnits.parse(text, digits: currency.minorDigits) else {
                let fraction = text.split(separator: ".", maxSplits: 1).dropFirst().first ?? ""
                let tooPrecise = !fraction.isEmpty && fraction.allSatisfy(\.isASCIIDigit)
                    && fraction.count > currency.minorDigits
                let reason =
                    tooPrecise
                    ? "has \(fraction.count) fraction digits, more than \(code)'s \(currency.minorDigits)"
                    : "is not a decimal amount"
                throw ConfigurationError(
                    file: mapping.file, line: line,
                    "\(key) '\(text)' \(reason); write it like \(Self.example(currency))")
            }
            tolerance[code] = minorUnits
        }
        try mapping.finish(known: mapping.keys)
        return tolerance
    }

    private static func example(_ currency: Currency) -> String {
        currency.minorDigits == 0 ? "\"5\"" : "\"0.\(String(repeating: "0", count: currency.minorDigits - 1))5\""
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
