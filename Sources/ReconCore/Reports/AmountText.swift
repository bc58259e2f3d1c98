/// Money as report text: a decimal string with the currency's minor digits
/// (SPEC §2, §6), never a float, never prefixed.
public enum AmountText {
    /// `amount` formatted with the digits of `currencyCode`. The engine only
    /// builds report rows from validated currencies; should an unknown code
    /// ever reach a report, the amount is printed as its raw minor-unit count
    /// with the code beside it, so nothing is silently scaled by a guessed
    /// digit count.
    public static func format(_ amount: Int64?, currencyCode: String?) -> String? {
        guard let amount else { return nil }
        guard let code = currencyCode, let currency = Currency(code: code) else {
            return "\(amount) minor units of \(currencyCode ?? "unknown currency")"
        }
        return MinorUnits.format(amount, digits: currency.minorDigits)
    }

    static func format(_ amount: Int64, currency: Currency) -> String {
        MinorUnits.format(amount, digits: currency.minorDigits)
    }
}
