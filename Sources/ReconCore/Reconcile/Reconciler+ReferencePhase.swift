extension Reconciler {
    /// Phase 1: every line that names open groups goes to one of them, or is
    /// ambiguous. Several groups can share a `settlement_ref` (two merchants,
    /// two currencies) or a description can name several refs; the line then
    /// goes to the only named group in its currency; when it names several of
    /// its currency by distinct refs, it is a many-to-one candidate (SPEC
    /// §5.6, ``settleManyToOneLines()``); else it goes to the only one of
    /// those whose net equals the line's amount. A line naming exactly one
    /// group goes to it whatever its currency (reported `CURRENCY_MISMATCH`).
    mutating func nameGroupsByReference() {
        let index = ReferenceIndex(groups: groups)
        for lineIndex in lines.indices {
            let line = lines[lineIndex].line
            guard let naming = index.naming(of: line) else { continue }
            let named = naming.groupIndices
            if named.count == 1 {
                give(lineIndex, to: named[0], rule: naming.rule)
                continue
            }
            let sameCurrency = named.filter { groups[$0].currency == line.currency }
            let sameAmount = sameCurrency.filter { groups[$0].net == line.amount }
            if sameCurrency.count == 1 {
                give(lineIndex, to: sameCurrency[0], rule: naming.rule)
            } else if sameCurrency.count > 1, haveDistinctReferences(sameCurrency) {
                manyToOneCandidates.append((lineIndex, sameCurrency, naming.rule))
            } else if sameAmount.count == 1 {
                give(lineIndex, to: sameAmount[0], rule: naming.rule)
            } else {
                let fitting = sameCurrency.isEmpty ? named : sameCurrency
                let how = naming.rule == .reference ? "its reference" : "its description"
                reportAmbiguous(lineIndex, how: how, fitting: fitting)
            }
        }
    }

    /// Several groups sharing one ref (two merchants) are not paid together:
    /// the line names that ref once.
    private func haveDistinctReferences(_ named: [Int]) -> Bool {
        Set(named.map { ReferenceText.normalized(groups[$0].key.settlementRef) }).count == named.count
    }

    private mutating func give(_ lineIndex: Int, to groupIndex: Int, rule: MatchRule) {
        namedLinesByGroup[groupIndex].append(lineIndex)
        ruleByLine[lineIndex] = rule
    }

    /// `fitting` (all of the `count` groups, or the nearest of them) in any
    /// order; shown nearest first (amount, then days, then key).
    mutating func reportAmbiguous(_ lineIndex: Int, how: String, fitting: [Int], count: Int? = nil) {
        let line = lines[lineIndex]
        let booking = line.line.bookingDate.daysSinceEpoch
        let ranked = fitting.map { index in
            let group = groups[index]
            let distance = CandidateFinder.distance(group.net, line.line.amount)
            return (distance, abs(group.settlementDate.daysSinceEpoch - booking), index)
        }.sorted { $0 < $1 }
        let shown = ranked.prefix(AmountDateIndex.shownMax).map { groups[$0.2] }
        result.mismatches.append(MismatchRows.ambiguous(line: line, how: how, count: count ?? fitting.count, shown: shown))
        lineAmbiguous[lineIndex] = true
        result.ambiguousBankLineIDs.append(line.bankLineID)
    }

    /// Phase 2: each group settles against the lines that named it.
    mutating func settleGroupsNamedByReference() {
        for groupIndex in groups.indices where !namedLinesByGroup[groupIndex].isEmpty {
            let named = namedLinesByGroup[groupIndex].map { (line: lines[$0], rule: ruleByLine[$0]!) }
            let group = groups[groupIndex]
            let outcome = GroupSettlement(
                group: group, lines: named, windowDays: windowDays,
                tolerance: amountTolerance[group.currency.code] ?? 0
            ).settle()
            if outcome.toleratedDifference != 0 {
                result.toleratedDifferenceByCurrency[group.currency.code, default: 0] += outcome.toleratedDifference
            }
            result.matches.append(contentsOf: outcome.matches)
            matchGroupIndices.append(contentsOf: repeatElement(groupIndex, count: outcome.matches.count))
            result.mismatches.append(contentsOf: outcome.rows)
            if outcome.groupIsClean {
                groupsSettledClean += 1
            } else {
                groupsSettledWithMismatch += 1
                result.mismatchedGroupKeys.append(groups[groupIndex].key)
            }
            groupSettled[groupIndex] = true
            for lineIndex in namedLinesByGroup[groupIndex] { lineClaimed[lineIndex] = true }
        }
    }
}
