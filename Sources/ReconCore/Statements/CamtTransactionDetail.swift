/// One `Ntry/NtryDtls/TxDtls`: what a single payment inside an entry says.
struct CamtTransactionDetail {
    var location: CamtLocation
    var amountText: String?
    var amountCurrency: String?
    var creditDebit: String?
    var endToEndID: String?
    var creditorReference: String?
    var bankReference: String?
    var unstructured: [String] = []
    var additionalInfo: String?
    var amountDetails: [CamtAmountDetail] = []

    init(location: CamtLocation) {
        self.location = location
    }

    mutating func take(_ relativePath: String, value: String, currency: String?) {
        switch relativePath {
        case "Amt":
            amountText = value
            amountCurrency = currency
        case "AmtDtls/TxAmt/Amt" where amountText == nil:
            // camt.053.001.02 has no TxDtls/Amt; the transaction amount is here.
            amountText = value
            amountCurrency = currency
            amountDetails.append(CamtAmountDetail(kind: relativePath, text: value, currency: currency))
        case "AmtDtls/InstdAmt/Amt", "AmtDtls/TxAmt/Amt", "AmtDtls/CntrValAmt/Amt", "AmtDtls/AnncdPstngAmt/Amt":
            amountDetails.append(CamtAmountDetail(kind: relativePath, text: value, currency: currency))
        case "CdtDbtInd": creditDebit = value
        case "Refs/EndToEndId": endToEndID = value
        case "Refs/AcctSvcrRef": bankReference = value
        case "RmtInf/Strd/CdtrRefInf/Ref": if creditorReference == nil { creditorReference = value }
        case "RmtInf/Ustrd": if !value.isEmpty { unstructured.append(value) }
        case "AddtlTxInf": additionalInfo = value
        default: break
        }
    }

    /// `EndToEndId` unless the payer left it `NOTPROVIDED`, else the
    /// structured creditor reference (RF or national creditor reference).
    var reference: String? {
        if let endToEndID, !endToEndID.isEmpty, endToEndID != "NOTPROVIDED" { return endToEndID }
        if let creditorReference, !creditorReference.isEmpty { return creditorReference }
        return nil
    }
}
