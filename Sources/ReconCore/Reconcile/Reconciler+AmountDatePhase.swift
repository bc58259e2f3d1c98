extension Reconciler {
    /// Phase 3 (SPEC §5.3): lines that named no open group, against groups no
    /// line named. See ``Reconciler`` for why candidates are counted before
    /// any line takes a group.
    mutating func matchByAmountAndDate() {
        let index = AmountDateIndex(groups: groups) { namedLinesByGroup[$0].isEmpty && !groupSettled[$0] }
        var earliestLineByGroup: [Int: Int] = [:]
        for lineIndex in lines.indices where ruleByLine[lineIndex] == nil && !lineAmbiguous[lineIndex] {
            let fit = index.groupsFitting(lines[lineIndex].line, windowDays: windowDays)
            if fit.count > 1 {
                reportAmbiguous(lineIndex, how: "its amount and date", fitting: fit.nearest, count: fit.count)
            } else if fit.count == 1 {
                let groupIndex = fit.nearest[0]
                if let other = earliestLineByGroup[groupIndex], isEarlier(other, than: lineIndex) { continue }
                earliestLineByGroup[groupIndex] = lineIndex
            }
        }
        for (groupIndex, lineIndex) in earliestLineByGroup {
            matchGroupIndices.append(groupIndex)
            result.matches.append(
                ReconcileMatch(
                    groupKey: groups[groupIndex].key, bankLineIDs: [lines[lineIndex].bankLineID], rule: .amountDate,
                    mismatchKind: nil))
            groupsSettledClean += 1
            groupSettled[groupIndex] = true
            lineClaimed[lineIndex] = true
        }
    }

    private func isEarlier(_ lhs: Int, than rhs: Int) -> Bool {
        (lines[lhs].line.bookingDate, lines[lhs].bankLineID) < (lines[rhs].line.bookingDate, lines[rhs].bankLineID)
    }
}
