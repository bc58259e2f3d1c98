/// What a BAI2 type code says about money (BAI2 type code ranges).
enum BAI2TypeCode {
    /// 010 opening ledger and 015 closing ledger: the booked balances the
    /// SPEC §4 check runs on. Available balances (040/045 and others) include
    /// float, so opening available + lines need not equal closing available;
    /// they are not checked, as camt's available balances are not.
    static let openingLedger = 10
    static let closingLedger = 15
    /// "Non-monetary information": a 16 record that moves no money.
    static let nonMonetary = 890

    enum Direction: Equatable {
        case credit
        case debit
        /// A detail that is no bank line (890): its amount, if any, still
        /// counts in the control totals.
        case informational
    }

    /// The three digits of a type code; nil when it is not three digits.
    static func parse(_ text: String) -> Int? {
        guard text.utf8.count == 3, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }

    /// The direction of a 16 detail, or why recon cannot tell it. Codes
    /// 700–799 (loans) and 900–999 (bank-defined) have no direction fixed by
    /// BAI2; signing them by guess would put money on the wrong side.
    static func direction(ofDetail code: Int) -> Result<Direction, Refusal> {
        switch code {
        case 100...399: return .success(.credit)
        case 400...699: return .success(.debit)
        case nonMonetary: return .success(.informational)
        case 1...99: return .failure(Refusal("is an account status code: it belongs in the 03 record, not in a 16 detail"))
        case 700...799:
            return .failure(Refusal("is a loan code (700-799): BAI2 does not say whether it is a credit or a debit"))
        case 900...999:
            return .failure(Refusal("is bank-defined (900-999): BAI2 does not say whether it is a credit or a debit"))
        default: return .failure(Refusal("is not a BAI2 transaction type code"))
        }
    }

    struct Refusal: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }
}

/// The funds type field (availability) and the fields it adds after itself.
enum BAI2FundsType {
    /// Reads the funds type and its extra fields; returns the value date when
    /// the type is `V`. `0`, `1`, `2`, `Z` and blank add nothing; `V` adds a
    /// value date and time; `S` three availability amounts; `D` a count and
    /// that many (days, amount) pairs. Availability amounts are no part of the
    /// control totals (they split the amount, they do not add to it).
    static func read(
        _ reader: inout BAI2FieldReader, values: BAI2Values, record: String
    ) throws(StatementError) -> CivilDate? {
        let field = reader.field()
        switch field.text {
        case "", "0", "1", "2", "Z":
            return nil
        case "V":
            let date = try values.date(reader.field(), "\(record): funds type V value date")
            let time = reader.field()
            if !time.text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                throw values.error(
                    .invalidField, line: time.line, "\(record): funds type V value time '\(time.text)' is not HHMM")
            }
            return date
        case "S":
            for what in ["immediate", "one-day", "two-or-more-day"] {
                _ = try values.amount(reader.field(), "\(record): funds type S \(what) amount", signed: false)
            }
            return nil
        case "D":
            let countField = reader.field()
            let count = try values.requiredCount(countField, "\(record): funds type D number of distributions")
            for index in 0..<count {
                guard let days = reader.next(), let amount = reader.next() else {
                    throw values.error(
                        .malformed, line: countField.line,
                        "\(record): funds type D announces \(count) distributions, but the record ends after \(index)")
                }
                _ = try values.requiredCount(days, "\(record): funds type D availability days")
                _ = try values.amount(amount, "\(record): funds type D distribution amount", signed: false)
            }
            return nil
        default:
            throw values.error(
                .invalidField, line: field.line,
                "\(record): funds type '\(field.text)' is not one of 0, 1, 2, S, V, D, Z")
        }
    }
}
