/// `recon match`/`unmatch` refused: the items are not as the command needs
/// them (SPEC §9: exit 64, nothing changed). The text names the conflicting
/// item and, where a person made it so, who and when.
public struct ManualMatchRefused: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public var description: String { reason + "; nothing changed" }
}

/// The group or line the command names, as a person reads it.
struct GroupName: CustomStringConvertible {
    var merchantID: String
    var settlementRef: String
    var currency: String
    var description: String { "group \(settlementRef) (merchant \(merchantID), \(currency))" }
}

extension ManualMatchRefused: ExitCoded {
    public var exitStatus: ExitStatus { .usage }
}
