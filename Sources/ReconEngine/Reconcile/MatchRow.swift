import ReconCore
import ReconStore

/// One `recon_matches` row in binary COPY form, so the prematch and the
/// Reconciler's store write matches alike.
/// In the order of `ReconMatchesTable.columns` (the prematch's rows, `part`
/// 0 by default) and `columnsWithPart` (the Reconciler's).
enum MatchRow {
    /// One row of `ReconMatchesTable.columnsWithPart`.
    static func append(
        job: String, bankLineID: Int64, part: Int16, group: SettlementGroup.Key, rule: MatchRule, kind: MismatchKind?,
        net: Int64, matchedOn runDays: Int32, to encoder: inout BinaryCopyEncoder
    ) {
        encoder.beginRow(fieldCount: Int16(ReconMatchesTable.columnsWithPart.count))
        encoder.appendText(job)
        encoder.appendInt64(bankLineID)
        encoder.appendText(group.merchantID)
        encoder.appendText(group.settlementRef)
        encoder.appendText(group.currency)
        appendDecision(rule: rule, kind: kind, net: net, matchedOn: runDays, to: &encoder)
        encoder.appendInt16(part)
    }

    /// A clean reference match of the prematch, its key given as raw UTF-8.
    static func appendReferenceMatch(
        job: String, bankLineID: Int64, merchantID: UnsafeRawBufferPointer, settlementRef: UnsafeRawBufferPointer,
        currency: String, net: Int64, matchedOn runDays: Int32, to encoder: inout BinaryCopyEncoder
    ) {
        encoder.beginRow(fieldCount: Int16(ReconMatchesTable.columns.count))
        encoder.appendText(job)
        encoder.appendInt64(bankLineID)
        encoder.appendText(merchantID)
        encoder.appendText(settlementRef)
        encoder.appendText(currency)
        appendDecision(rule: .reference, kind: nil, net: net, matchedOn: runDays, to: &encoder)
    }

    private static func appendDecision(
        rule: MatchRule, kind: MismatchKind?, net: Int64, matchedOn runDays: Int32, to encoder: inout BinaryCopyEncoder
    ) {
        encoder.appendText(rule.rawValue)
        if let kind { encoder.appendText(kind.rawValue) } else { encoder.appendNull() }
        encoder.appendInt64(net)
        encoder.appendDate(daysSince2000: runDays)
    }
}
