/// An ISO 4217 alphabetic currency code with its minor-unit digits.
///
/// Only codes in ``Currency/minorDigitsByCode`` exist: an unknown code is
/// invalid input (SPEC §2), never guessed at.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let minorDigits: Int

    public init?(code: String) {
        guard let digits = Currency.minorDigitsByCode[code] else { return nil }
        self.code = code
        self.minorDigits = digits
    }

    public var description: String { code }

    /// ISO 4217 active codes (list one, 2024) with their minor units. Funds
    /// codes and precious metals (no minor unit defined) are left out on purpose:
    /// they never appear in card settlements.
    public static let minorDigitsByCode: [String: Int] = {
        var table: [String: Int] = [:]
        let zero = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
        let three = "BHD IQD JOD KWD LYD OMR TND"
        let four = "CLF UYW"
        let two = """
            AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN \
            BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN \
            ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES \
            KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK \
            MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR \
            SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD \
            TWD TZS UAH USD USN UYU UZS VES VED WST XCD YER ZAR ZMW ZWL XCG
            """
        for (codes, digits) in [(zero, 0), (two, 2), (three, 3), (four, 4)] {
            for code in codes.split(separator: " ") { table[String(code)] = digits }
        }
        return table
    }()
}
