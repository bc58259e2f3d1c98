/// One `Stmt/Ntry` while it is read; its `TxDtls` are collected in ``details``.
struct CamtEntryBuilder {
    var location: CamtLocation
    var amountText: String?
    var amountCurrency: String?
    var amountLocation: CamtLocation?
    var creditDebit: String?
    var status: String?
    var bookingDateText: String?
    var valueDateText: String?
    var bankReference: String?
    var additionalInfo: String?
    var details: [CamtTransactionDetail] = []

    init(location: CamtLocation) {
        self.location = location
    }

    mutating func take(_ relativePath: String, value: String, currency: String?, location: CamtLocation) {
        switch relativePath {
        case "Amt":
            amountText = value
            amountCurrency = currency
            amountLocation = location
        case "CdtDbtInd": creditDebit = value
        // Up to 001.07 `Sts` holds the code; from 001.08 it is `Sts/Cd`.
        case "Sts", "Sts/Cd": if !value.isEmpty { status = value }
        case "BookgDt/Dt", "BookgDt/DtTm": bookingDateText = value
        case "ValDt/Dt", "ValDt/DtTm": valueDateText = value
        case "AcctSvcrRef": bankReference = value
        case "AddtlNtryInf": additionalInfo = value
        default: break
        }
    }

    /// `BOOK`, or no status at all: camt.053 is the statement of booked
    /// entries and `Sts` is mandatory there, but some banks (the Lithuanian
    /// samples) leave it out; their statements balance only with those entries.
    /// `PDNG` and `INFO` entries are never bank lines.
    var isBooked: Bool { status == nil || status == "BOOK" }
}
