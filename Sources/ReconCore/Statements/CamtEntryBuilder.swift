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
    /// `AmtDtls/{InstdAmt,TxAmt,CntrValAmt,AnncdPstngAmt}/Amt`: where a bank
    /// whose `Amt` is not in the account's currency gives the amount that is.
    var amountDetails: [CamtAmountDetail] = []

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
        case "AmtDtls/InstdAmt/Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/CntrValAmt/Amt", "AmtDtls/AnncdPstngAmt/Amt":
            amountDetails.append(CamtAmountDetail(kind: relativePath, text: value, currency: currency))
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

/// One amount of an `AmtDtls` block, as written.
struct CamtAmountDetail {
    var kind: String
    var text: String
    var currency: String?

    /// Transaction amount first, then counter value, then the others: the
    /// order in which they are meant to be in the account's currency.
    static let preference = [
        "AmtDtls/TxAmt/Amt", "AmtDtls/CntrValAmt/Amt", "AmtDtls/AnncdPstngAmt/Amt", "AmtDtls/InstdAmt/Amt",
    ]
}
