/// `mismatches.csv` and `mismatches.json` (SPEC §6): one row per mismatch,
/// in the order given (the engine sorts; a renderer never reorders).
public enum MismatchReport {
    public static let columns = [
        "kind", "settlement_ref", "merchant_id", "currency", "expected_amount", "bank_amount", "difference",
        "settlement_date", "booking_date", "bank_account", "bank_txn_id", "txn_count", "first_seen", "detail",
        "exception_id", "state",
    ]

    public static func csv(_ mismatches: [Mismatch], marks: ExceptionMarks = ExceptionMarks()) -> String {
        var writer = CSVWriter(header: columns)
        for mismatch in mismatches {
            let currency = mismatch.currency
            let mark = marks.mark(mismatch)
            writer.append([
                .ownValue(mismatch.kind.rawValue),
                .inputText(mismatch.settlementRef),
                .inputText(mismatch.merchantID),
                .inputText(currency),
                .ownValue(AmountText.format(mismatch.expectedAmount, currencyCode: currency)),
                .ownValue(AmountText.format(mismatch.bankAmount, currencyCode: mismatch.bankAmountCurrency)),
                .ownValue(AmountText.format(mismatch.difference, currencyCode: currency)),
                .ownValue(mismatch.settlementDate?.description),
                .ownValue(mismatch.bookingDate?.description),
                .inputText(mismatch.bankAccount),
                .inputText(mismatch.bankTxnID),
                .ownValue(mismatch.transactionCount.map(String.init)),
                .ownValue(mismatch.firstSeen?.description),
                // The detail is ours but quotes input (references, ids), so it
                // is protected like input text.
                .inputText(mismatch.detail),
                .ownValue(mark.id.text),
                .ownValue(mark.state.rawValue),
            ])
        }
        return writer.finished()
    }

    /// An array of objects with the CSV columns as keys (null where absent)
    /// plus `candidates`, always present so every object has the same keys;
    /// it is empty except for unmatched and ambiguous items.
    public static func json(_ mismatches: [Mismatch], marks: ExceptionMarks = ExceptionMarks()) -> String {
        ReportJSON.array(mismatches.map { jsonObject($0, mark: marks.mark($0)) }).prettyPrinted()
    }

    static func jsonObject(_ mismatch: Mismatch, mark: ExceptionMarks.Mark) -> ReportJSON {
        let currency = mismatch.currency
        return .object([
            .init("kind", .string(mismatch.kind.rawValue)),
            .init("settlement_ref", .optionalString(mismatch.settlementRef)),
            .init("merchant_id", .optionalString(mismatch.merchantID)),
            .init("currency", .optionalString(currency)),
            .init("expected_amount", .optionalString(AmountText.format(mismatch.expectedAmount, currencyCode: currency))),
            .init("bank_amount", .optionalString(AmountText.format(mismatch.bankAmount, currencyCode: mismatch.bankAmountCurrency))),
            .init("difference", .optionalString(AmountText.format(mismatch.difference, currencyCode: currency))),
            .init("settlement_date", .optionalString(mismatch.settlementDate?.description)),
            .init("booking_date", .optionalString(mismatch.bookingDate?.description)),
            .init("bank_account", .optionalString(mismatch.bankAccount)),
            .init("bank_txn_id", .optionalString(mismatch.bankTxnID)),
            .init("txn_count", .optionalInteger(mismatch.transactionCount)),
            .init("first_seen", .optionalString(mismatch.firstSeen?.description)),
            .init("detail", .string(mismatch.detail)),
            .init("exception_id", .string(mark.id.text)),
            .init("state", .string(mark.state.rawValue)),
            .init("candidates", .array(mismatch.candidates.map(candidateObject))),
        ])
    }

    /// A candidate's amounts use the candidate's own currency: for a near
    /// miss in another currency, that is the only scale that reads right.
    static func candidateObject(_ candidate: Mismatch.Candidate) -> ReportJSON {
        .object([
            .init("side", .string(candidate.side)),
            .init("settlement_ref", .optionalString(candidate.settlementRef)),
            .init("merchant_id", .optionalString(candidate.merchantID)),
            .init("bank_txn_id", .optionalString(candidate.bankTxnID)),
            .init("amount", .optionalString(AmountText.format(candidate.amount, currencyCode: candidate.currency))),
            .init("currency", .string(candidate.currency)),
            .init(
                "amount_difference",
                .optionalString(AmountText.format(candidate.amountDifference, currencyCode: candidate.currency))),
            .init("days_apart", .integer(candidate.daysApart)),
            .init("reference", .optionalString(candidate.reference)),
        ])
    }
}
