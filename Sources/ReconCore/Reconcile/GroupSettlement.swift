/// Settles one group against the lines that named it by reference or token
/// (SPEC §5.2, §5.4).
///
/// Lines in another currency than the group's cannot pay it: if the group has
/// no line in its own currency, all its lines form one `CURRENCY_MISMATCH`
/// match; otherwise each foreign line is a `CURRENCY_MISMATCH` match of its
/// own and the rest is settled. Of the lines in the group's currency:
/// - their sum equals the net → clean (`split` when several), unless a line
///   is booked outside ±W of `settlement_date` → `DATE_OUT_OF_WINDOW`;
/// - several lines, each equal to the net → the earliest (booking date, then
///   id) settles as above and each other is `DUPLICATE_BANK_LINE`;
/// - their sum differs from the net by at most the currency's tolerance
///   (SPEC §5.7) → clean, rule `reference_tolerance`, the difference kept
///   for the summary (exact duplicates are told apart first: two payments
///   of the net are a duplicate, not a tolerated overpayment);
/// - else `AMOUNT_MISMATCH` over all of them (difference = bank − expected).
/// One row per match: amount goes before date, since a wrong amount is the
/// problem a person has to look at first.
struct GroupSettlement {
    struct Outcome {
        var matches: [ReconcileMatch] = []
        var rows: [Mismatch] = []
        /// Whether the lines that settle the group matched cleanly.
        var groupIsClean = false
        /// Bank − expected accepted by the tolerance; 0 when exact.
        var toleratedDifference: Int64 = 0
    }

    let group: SettlementGroup
    /// Ordered by booking date, then id.
    let lines: [OpenBankLine]
    let rules: [MatchRule]
    let windowDays: Int
    /// Largest accepted |bank − expected|, minor units; 0 is exact.
    let tolerance: Int64

    init(
        group: SettlementGroup, lines: [(line: OpenBankLine, rule: MatchRule)], windowDays: Int, tolerance: Int64 = 0
    ) {
        let ordered = lines.sorted {
            ($0.line.line.bookingDate, $0.line.bankLineID) < ($1.line.line.bookingDate, $1.line.bankLineID)
        }
        self.group = group
        self.lines = ordered.map(\.line)
        self.rules = ordered.map(\.rule)
        self.windowDays = windowDays
        self.tolerance = tolerance
    }

    func settle() -> Outcome {
        var outcome = Outcome()
        let ownCurrency = lines.indices.filter { lines[$0].line.currency == group.currency }
        let foreign = lines.indices.filter { lines[$0].line.currency != group.currency }
        guard !ownCurrency.isEmpty else {
            outcome.matches.append(match(foreign, .currencyMismatch))
            outcome.rows.append(MismatchRows.wrongCurrency(group: group, lines: foreign.map { lines[$0] }))
            return outcome
        }
        for index in foreign {
            outcome.matches.append(match([index], .currencyMismatch))
            outcome.rows.append(MismatchRows.strayCurrencyLine(group: group, line: lines[index]))
        }
        let amounts = ownCurrency.map { lines[$0].line.amount }
        if let sum = MismatchRows.sum(amounts), sum == group.net {
            settleCleanAmount(ownCurrency, into: &outcome)
        } else if ownCurrency.count > 1, amounts.allSatisfy({ $0 == group.net }) {
            settleCleanAmount([ownCurrency[0]], into: &outcome)
            for index in ownCurrency.dropFirst() {
                outcome.matches.append(match([index], .duplicateBankLine))
                outcome.rows.append(MismatchRows.duplicate(group: group, line: lines[index], kept: lines[ownCurrency[0]]))
            }
        } else if let sum = MismatchRows.sum(amounts), let difference = Self.tolerated(sum, group.net, tolerance) {
            settleCleanAmount(ownCurrency, into: &outcome, rule: .referenceTolerance)
            if outcome.groupIsClean { outcome.toleratedDifference = difference }
        } else {
            outcome.matches.append(match(ownCurrency, .amountMismatch))
            outcome.rows.append(MismatchRows.wrongAmount(group: group, lines: ownCurrency.map { lines[$0] }))
        }
        return outcome
    }

    /// `bank − expected` when it is non-zero and within `tolerance`, else nil.
    static func tolerated(_ bank: Int64, _ expected: Int64, _ tolerance: Int64) -> Int64? {
        guard tolerance > 0 else { return nil }
        let (difference, overflow) = bank.subtractingReportingOverflow(expected)
        guard !overflow, difference != 0, difference.magnitude <= tolerance.magnitude else { return nil }
        return difference
    }

    private func settleCleanAmount(_ indices: [Int], into outcome: inout Outcome, rule: MatchRule? = nil) {
        let outside = indices.filter {
            abs(Reconciler.daysApart(lines[$0].line.bookingDate, group.settlementDate)) > windowDays
        }
        if outside.isEmpty {
            outcome.matches.append(match(indices, nil, rule: rule))
            outcome.groupIsClean = true
        } else {
            outcome.matches.append(match(indices, .dateOutOfWindow, rule: rule))
            outcome.rows.append(
                MismatchRows.outsideWindow(group: group, lines: indices.map { lines[$0] }, windowDays: windowDays))
        }
    }

    private func match(_ indices: [Int], _ kind: MismatchKind?, rule: MatchRule? = nil) -> ReconcileMatch {
        let rule = rule ?? (indices.count > 1 ? MatchRule.split : rules[indices[0]])
        return ReconcileMatch(
            groupKey: group.key, bankLineIDs: indices.map { lines[$0].bankLineID }, rule: rule, mismatchKind: kind)
    }
}
