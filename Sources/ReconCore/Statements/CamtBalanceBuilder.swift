/// One `Stmt/Bal` while it is read.
struct CamtBalanceBuilder {
    var location: CamtLocation
    var typeCode: String?
    var amountText: String?
    var amountCurrency: String?
    var amountLocation: CamtLocation?
    var creditDebit: String?
    var date: CivilDate?

    init(location: CamtLocation) {
        self.location = location
    }

    mutating func take(_ relativePath: String, value: String, currency: String?, location: CamtLocation) {
        switch relativePath {
        case "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry": typeCode = value
        case "Amt":
            amountText = value
            amountCurrency = currency
            amountLocation = location
        case "CdtDbtInd": creditDebit = value
        case "Dt/Dt", "Dt/DtTm": date = CivilDate(iso: String(value.prefix(10)))
        default: break
        }
    }
}
