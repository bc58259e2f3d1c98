/// Field validation of SPEC §2/§3 with the precedence of §3.3: the first
/// missing field (an empty value counts as missing) wins over the first invalid
/// one, both in table order. Pure and allocation-light: runs once per record.
public enum RecordValidator {
    public static func validate(_ fields: RecordFields) -> Result<ValidatedTransaction, FieldProblem> {
        var texts: [String] = []
        texts.reserveCapacity(RecordFields.Field.allCases.count)
        for field in RecordFields.Field.allCases {
            switch fields[field] {
            case .missing: return .failure(FieldProblem(reason: .missingField, detail: "\(field.name) is missing"))
            case .text(let text) where text.isEmpty:
                return .failure(FieldProblem(reason: .missingField, detail: "\(field.name) is empty"))
            case .notString, .text: continue
            }
        }
        for field in RecordFields.Field.allCases {
            guard case .text(let text) = fields[field] else {
                return .failure(.invalid(field, "must be a JSON string"))
            }
            texts.append(text)
        }
        let txnID = texts[0], merchantID = texts[1], typeText = texts[2], amountText = texts[3]
        let currencyCode = texts[4], createdAtText = texts[5], dateText = texts[6], reference = texts[7]

        if let problem = checkName(txnID, field: .txnID, maxScalars: 128) { return .failure(problem) }
        if let problem = checkName(merchantID, field: .merchantID, maxScalars: 64) { return .failure(problem) }
        guard let type = TransactionType(rawValue: typeText) else {
            return .failure(.invalid(.type, "must be one of payment, refund, chargeback, fee, adjustment"))
        }
        // The amount's digits depend on the currency, which comes later in the
        // table: an unknown currency still reports `currency`, a malformed
        // amount reports `amount` first.
        let currency = Currency(code: currencyCode)
        let amount = MinorUnits.parse(amountText, digits: currency?.minorDigits ?? 18)
        guard let amount else {
            return .failure(.invalid(.amount, "must be a decimal like 12.34 with at most the currency's minor digits"))
        }
        guard let currency else { return .failure(.invalid(.currency, "is not an ISO 4217 currency code")) }
        guard type.allowsAmount(amount) else {
            return .failure(.invalid(.amount, "\(amount == 0 ? "must not be zero" : "for \(type.rawValue) \(type.signRule)")"))
        }
        guard let createdAt = TimestampParsing.timestamp(createdAtText) else {
            return .failure(.invalid(.createdAt, "must be an RFC 3339 timestamp with offset"))
        }
        guard let settlementDate = TimestampParsing.date(dateText) else {
            return .failure(.invalid(.settlementDate, "must be a date YYYY-MM-DD"))
        }
        if let problem = checkName(reference, field: .settlementRef, maxScalars: 64) { return .failure(problem) }
        if let problem = checkName(texts[8], field: .keyID, maxScalars: 128) { return .failure(problem) }
        return .success(
            ValidatedTransaction(
                txnID: txnID, merchantID: merchantID, type: type, currency: currency, amount: amount,
                createdAt: createdAt, settlementDate: settlementDate, settlementRef: reference,
                keyID: texts[8], signature: texts[9]))
    }

    /// Length in Unicode scalars, and no control characters in any stored text
    /// field: they break reports and PostgreSQL `text` cannot hold NUL.
    private static func checkName(_ text: String, field: RecordFields.Field, maxScalars: Int)
        -> FieldProblem?
    {
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                return .invalid(field, "must not contain control characters")
            }
        }
        return count > maxScalars ? .invalid(field, "is longer than \(maxScalars) characters") : nil
    }
}

public struct FieldProblem: Error, Sendable, Equatable {
    public var reason: ReasonCode
    public var detail: String

    public init(reason: ReasonCode, detail: String) {
        self.reason = reason
        self.detail = detail
    }

    static func invalid(_ field: RecordFields.Field, _ message: String) -> FieldProblem {
        FieldProblem(reason: .invalidField, detail: "\(field.name) \(message)")
    }
}
