/// ISO 4217 codes withdrawn from circulation (list three), accepted only in
/// bank statements: an archived statement from 2001 is in DEM, and a careful
/// reader still reads it. Transactions (SPEC §2) never accept them.
extension Currency {
    /// Minor units as ISO 4217 list three gives them.
    static let withdrawnMinorDigitsByCode: [String: Int] = [
        "ATS": 2, "AZM": 2, "BEF": 0, "BGL": 2, "BYR": 0, "CSK": 2, "CYP": 2, "DEM": 2, "EEK": 2,
        "ESP": 0, "FIM": 2, "FRF": 2, "GHC": 2, "GRD": 0, "HRK": 2, "IEP": 2, "ITL": 0, "LTL": 2,
        "LUF": 0, "LVL": 2, "MRO": 2, "MTL": 2, "MZM": 2, "NLG": 2, "PTE": 0, "ROL": 2, "RUR": 2,
        "SDD": 2, "SIT": 2, "SKK": 2, "STD": 2, "TRL": 0, "VEB": 2, "VEF": 2, "XEU": 2, "YUM": 2,
        "ZMK": 2, "ZWD": 2,
    ]

    private init(withdrawnCode code: String, minorDigits: Int) {
        self.code = code
        self.minorDigits = minorDigits
    }

    /// The currency of a statement amount: an active code, else a withdrawn
    /// one (`isWithdrawn` true, for the statement's notes), else nil.
    public static func statementCurrency(_ code: String) -> (currency: Currency, isWithdrawn: Bool)? {
        if let active = Currency(code: code) { return (active, false) }
        guard let digits = withdrawnMinorDigitsByCode[code] else { return nil }
        return (Currency(withdrawnCode: code, minorDigits: digits), true)
    }
}
