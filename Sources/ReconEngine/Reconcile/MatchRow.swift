import ReconCore
import ReconStore

/// One `recon_matches` row in binary COPY form, so the prematch and the
/// Reconciler's store write matches alike.
enum MatchRow {
    static let columnList = "job, bank_line_id, merchant_id, settlement_ref, currency, rule, kind, net_at_match, matched_on"

    static func append(
        job: String, bankLineID: Int64, group: SettlementGroup.Key, rule: MatchRule, kind: MismatchKind?, net: Int64,
        matchedOn runDays: Int32, to encoder: inout BinaryCopyEncoder
    ) {
        encoder.beginRow(fieldCount: 9)
        encoder.appendText(job)
        encoder.appendInt64(bankLineID)
        encoder.appendText(group.merchantID)
        encoder.appendText(group.settlementRef)
        encoder.appendText(group.currency)
        encoder.appendText(rule.rawValue)
        if let kind { encoder.appendText(kind.rawValue) } else { encoder.appendNull() }
        encoder.appendInt64(net)
        encoder.appendDate(daysSince2000: runDays)
    }
}
