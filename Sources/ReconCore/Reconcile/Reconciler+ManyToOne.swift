extension Reconciler {
    /// Phase 1b (SPEC §5.6): each line that named several groups of its
    /// currency by distinct refs. It pays them together only when it is the
    /// only line naming any of them: a group also named by another line
    /// (its own payout, or a second combined line) would otherwise be
    /// claimed twice, and which line wins would depend on order. Such a line
    /// is `AMBIGUOUS_MATCH`, claims nothing, and the other lines settle their
    /// groups as if it were absent.
    ///
    /// Settled together: the sum of the nets equal to the line → clean;
    /// within the currency's tolerance → clean, `reference_tolerance`;
    /// else one `AMOUNT_MISMATCH` row for the line. A clean sum booked
    /// outside ±W of some group's settlement date is `DATE_OUT_OF_WINDOW`,
    /// as for one group. Every group claims the line (one match each).
    mutating func settleManyToOneLines() {
        guard !manyToOneCandidates.isEmpty else { return }
        var namingLines = namedLinesByGroup.map(\.count)
        for candidate in manyToOneCandidates {
            for group in candidate.groups { namingLines[group] += 1 }
        }
        for candidate in manyToOneCandidates {
            if candidate.groups.contains(where: { namingLines[$0] > 1 }) {
                let field = candidate.rule == .reference ? "its reference" : "its description"
                reportAmbiguous(
                    candidate.line, how: "\(field), and other lines name some of them too", fitting: candidate.groups)
                continue
            }
            settleManyToOne(lineIndex: candidate.line, groupIndices: candidate.groups)
        }
    }

    private mutating func settleManyToOne(lineIndex: Int, groupIndices: [Int]) {
        let line = lines[lineIndex]
        let paid = groupIndices.map { groups[$0] }
        let expected = MismatchRows.sum(paid.map(\.net))
        let code = line.line.currency.code
        var rule = MatchRule.manyToOne
        var kind: MismatchKind?
        var tolerated: Int64 = 0
        if let expected, expected == line.line.amount {
            kind = nil
        } else if let expected,
            let difference = GroupSettlement.tolerated(line.line.amount, expected, amountTolerance[code] ?? 0)
        {
            rule = .referenceTolerance
            tolerated = difference
        } else {
            kind = .amountMismatch
        }
        let outside = paid.contains {
            abs(Self.daysApart(line.line.bookingDate, $0.settlementDate)) > windowDays
        }
        if kind == nil, outside { kind = .dateOutOfWindow }
        if let kind {
            result.mismatches.append(
                MismatchRows.manyToOne(kind, groups: paid, line: line, expected: expected, windowDays: windowDays))
        } else if tolerated != 0 {
            result.toleratedDifferenceByCurrency[code, default: 0] += tolerated
        }
        for (position, groupIndex) in groupIndices.enumerated() {
            result.matches.append(
                ReconcileMatch(
                    groupKey: groups[groupIndex].key, bankLineIDs: [line.bankLineID], rule: rule, mismatchKind: kind,
                    sharesLine: true, toleratedDifference: position == 0 && kind == nil ? tolerated : 0))
            matchGroupIndices.append(groupIndex)
            groupSettled[groupIndex] = true
            if kind == nil {
                groupsSettledClean += 1
            } else {
                groupsSettledWithMismatch += 1
                result.mismatchedGroupKeys.append(groups[groupIndex].key)
            }
        }
        ruleByLine[lineIndex] = rule
        lineClaimed[lineIndex] = true
    }
}
