/// Which rule of SPEC §5 tied bank lines to a settlement group.
public enum MatchRule: String, Sendable, Equatable, CaseIterable {
    /// One line whose `reference` equals the group's `settlement_ref`.
    case reference
    /// One line naming the `settlement_ref` as a token of its description.
    case descriptionToken = "description_token"
    /// Several lines (by reference or token) whose amounts sum to the net.
    case split
    /// A line without usable reference, the only open group of its amount and
    /// currency within the date window.
    case amountDate = "amount_date"
    /// A person paired the group with its lines (`recon match`, SPEC §9);
    /// the automatic rules leave both alone until `recon unmatch`.
    case manual
    /// One line naming, as whole tokens, the refs of several open groups of
    /// its currency and paying the sum of their nets (SPEC §5.6).
    case manyToOne = "many_to_one"
    /// A reference match (one line, a split or many-to-one) whose amount
    /// differs from the expected one by at most the currency's tolerance
    /// (SPEC §5.7).
    case referenceTolerance = "reference_tolerance"
}
