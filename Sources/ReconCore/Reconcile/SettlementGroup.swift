/// All settled transactions of one source sharing `(merchant_id,
/// settlement_ref, currency)` (SPEC §1). Its expected bank amount is `net`.
public struct SettlementGroup: Sendable, Hashable {
    public struct Key: Sendable, Hashable, Comparable {
        public var merchantID: String
        public var settlementRef: String
        public var currency: String

        public init(merchantID: String, settlementRef: String, currency: String) {
            self.merchantID = merchantID
            self.settlementRef = settlementRef
            self.currency = currency
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            // Field by field: a tuple of strings retains each, and a million
            // groups are sorted every night.
            if lhs.settlementRef != rhs.settlementRef { return lhs.settlementRef < rhs.settlementRef }
            if lhs.merchantID != rhs.merchantID { return lhs.merchantID < rhs.merchantID }
            return lhs.currency < rhs.currency
        }
    }

    public var key: Key
    public var currency: Currency
    /// Sum of the signed amounts of the group's transactions, minor units.
    public var net: Int64
    /// The group's settlement date; if its transactions disagree, the latest.
    public var settlementDate: CivilDate
    public var transactionCount: Int
    /// Signed sums per transaction type (refunds, chargebacks, fees negative).
    public var payments: Int64 = 0
    public var refunds: Int64 = 0
    public var chargebacks: Int64 = 0
    public var fees: Int64 = 0
    public var adjustments: Int64 = 0

    public init(key: Key, currency: Currency, net: Int64, settlementDate: CivilDate, transactionCount: Int) {
        self.key = key
        self.currency = currency
        self.net = net
        self.settlementDate = settlementDate
        self.transactionCount = transactionCount
    }
}
