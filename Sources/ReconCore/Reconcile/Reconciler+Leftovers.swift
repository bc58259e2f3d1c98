extension Reconciler {
    /// Phase 4: what nothing claimed. Inside the window it is pending; after
    /// it, a mismatch with the nearest items of the other side that are also
    /// unclaimed (a claimed item cannot be the explanation).
    mutating func reportLeftovers() {
        let openGroups = groups.indices.filter { !groupSettled[$0] }
        let openLines = lines.indices.filter { !lineClaimed[$0] }
        let lines = self.lines
        let groups = self.groups
        let nearestLines = CandidateFinder(
            openLines.map { index in
                let line = lines[index].line
                return (line.currency.code, CandidateFinder.Entry(amount: line.amount, day: line.bookingDate.daysSinceEpoch, index: index))
            })
        let nearestGroups = CandidateFinder(
            openGroups.map { index in
                let group = groups[index]
                return (group.currency.code, CandidateFinder.Entry(amount: group.net, day: group.settlementDate.daysSinceEpoch, index: index))
            })
        for groupIndex in openGroups {
            let group = groups[groupIndex]
            guard isPastWindow(group.settlementDate) else {
                result.pendingGroupKeys.append(group.key)
                continue
            }
            let nearest = nearestLines.nearest(
                currency: group.currency.code, amount: group.net, day: group.settlementDate.daysSinceEpoch
            ) { CandidateFinder.referenceSimilarity(lines[$0].line.reference, group.key.settlementRef) }
            let candidates = nearest.map { Mismatch.Candidate.bankLine(lines[$0], near: group) }
            result.mismatches.append(MismatchRows.missingInBank(group: group, windowDays: windowDays, candidates: candidates))
            result.missingGroupKeys.append(group.key)
        }
        for lineIndex in openLines where !lineAmbiguous[lineIndex] {
            let line = lines[lineIndex]
            guard isPastWindow(line.line.bookingDate) else {
                result.pendingBankLineIDs.append(line.bankLineID)
                continue
            }
            let nearest = nearestGroups.nearest(
                currency: line.line.currency.code, amount: line.line.amount, day: line.line.bookingDate.daysSinceEpoch
            ) { CandidateFinder.referenceSimilarity(line.line.reference, groups[$0].key.settlementRef) }
            let candidates = nearest.map { Mismatch.Candidate.group(groups[$0], near: line.line) }
            result.mismatches.append(MismatchRows.unexpected(line: line, windowDays: windowDays, candidates: candidates))
            result.unexpectedBankLineIDs.append(line.bankLineID)
        }
    }

    mutating func reportStatementGaps() {
        result.mismatches.append(contentsOf: statementGaps.map(MismatchRows.statementGap))
    }
}
