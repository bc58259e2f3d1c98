/// The five transaction types of SPEC §3 with their sign rule (SPEC §2):
/// the amount is the effect on what the merchant is paid.
public enum TransactionType: String, CaseIterable, Sendable {
    case payment, refund, chargeback, fee, adjustment

    public func allowsAmount(_ amount: Int64) -> Bool {
        switch self {
        case .payment: amount > 0
        case .refund, .chargeback, .fee: amount < 0
        case .adjustment: amount != 0
        }
    }

    public var signRule: String {
        switch self {
        case .payment: "must be positive"
        case .refund, .chargeback, .fee: "must be negative"
        case .adjustment: "must not be zero"
        }
    }
}
