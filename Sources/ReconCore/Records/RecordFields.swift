/// The required fields of one transaction record as the reader found them,
/// before validation. Readers fill it from a CSV row or a JSON object.
public struct RecordFields: Sendable {
    public enum Value: Sendable, Equatable {
        case missing
        /// Present but not a JSON string (SPEC §3: money is never a JSON number).
        case notString
        case text(String)
    }

    /// Field names in SPEC §3 table order, which is also the order in which
    /// the first missing or invalid field is reported.
    public static let requiredNames = [
        "txn_id", "merchant_id", "type", "amount", "currency", "created_at", "settlement_date",
        "settlement_ref", "key_id", "signature",
    ]

    public var values: [Value]

    public init() { values = Array(repeating: .missing, count: RecordFields.requiredNames.count) }

    public subscript(_ field: Field) -> Value {
        get { values[field.rawValue] }
        set { values[field.rawValue] = newValue }
    }

    public enum Field: Int, CaseIterable, Sendable {
        case txnID, merchantID, type, amount, currency, createdAt, settlementDate, settlementRef, keyID, signature

        public var name: String { RecordFields.requiredNames[rawValue] }

        public init?(name: String) {
            guard let index = RecordFields.requiredNames.firstIndex(of: name) else { return nil }
            self.init(rawValue: index)
        }
    }

    /// The txn_id if it is usable text, for rejected-record reports.
    public var txnIDText: String? {
        if case .text(let text) = self[.txnID], !text.isEmpty { return text }
        return nil
    }
}
