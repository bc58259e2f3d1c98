/// A bank line not yet claimed by a settlement group, with the id the store
/// gave it. The id is what makes ordering and claims stable: two identical
/// lines (same amount, date and text) are still two lines.
public struct OpenBankLine: Sendable, Equatable {
    public var bankLineID: Int64
    public var line: BankLine

    public init(bankLineID: Int64, line: BankLine) {
        self.bankLineID = bankLineID
        self.line = line
    }
}
