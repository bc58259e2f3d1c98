import ReconCore
import ReconStore

/// Finding and checking what a match names, each refusal naming the item.
extension ManualMatcher {
    func lockGroup(_ selector: GroupSelector) throws -> LockedGroup {
        let rows = try connection.execute(
            ManualMatchesTable.lockGroups(
                source: job.source, settlementRef: selector.settlementRef, merchantID: selector.merchantID,
                currency: selector.currency))
        let groups = (0..<rows.rowCount).map { row in
            LockedGroup(
                id: rows.int64(row: row, column: 0)!,
                name: GroupName(
                    merchantID: rows.string(row: row, column: 1)!, settlementRef: rows.string(row: row, column: 2)!,
                    currency: rows.string(row: row, column: 3)!),
                net: rows.int64(row: row, column: 4)!, status: rows.string(row: row, column: 5)!,
                rule: rows.string(row: row, column: 6), matchedOn: rows.string(row: row, column: 7),
                lineIDs: (rows.string(row: row, column: 8) ?? "").split(separator: ",").compactMap { Int64($0) })
        }
        guard let group = groups.first else {
            var narrowed = ""
            if let merchant = selector.merchantID { narrowed += " of merchant \(merchant)" }
            if let currency = selector.currency { narrowed += " in \(currency)" }
            throw ManualMatchRefused(
                reason: "no settlement group \(selector.settlementRef)\(narrowed) in source \(job.source) "
                    + "(recon export settlements lists the groups)")
        }
        guard groups.count == 1 else {
            throw ManualMatchRefused(
                reason: "\(selector.settlementRef) names \(groups.count) groups: "
                    + groups.map { "merchant \($0.name.merchantID) \($0.name.currency)" }.joined(separator: ", ")
                    + "; say which with --merchant and --currency")
        }
        return group
    }

    func lockLines(_ bankTxnIDs: [String]) throws -> [LockedLine] {
        let wanted = Array(Set(bankTxnIDs)).sorted()
        let rows = try connection.execute(
            ManualMatchesTable.lockLines(job: job.name, bankTxnIDs: wanted))
        let lines = (0..<rows.rowCount).map { row in
            let claimRef = rows.string(row: row, column: 7)
            return LockedLine(
                id: rows.int64(row: row, column: 0)!, account: rows.string(row: row, column: 1)!,
                bankTxnID: rows.string(row: row, column: 2)!, amount: rows.int64(row: row, column: 3)!,
                currency: rows.string(row: row, column: 4)!,
                claimedBy: claimRef.map {
                    GroupName(
                        merchantID: rows.string(row: row, column: 6)!, settlementRef: $0,
                        currency: rows.string(row: row, column: 8)!)
                },
                claimRule: rows.string(row: row, column: 9))
        }
        let found = Dictionary(grouping: lines, by: \.bankTxnID)
        let missing = wanted.filter { found[$0] == nil }
        if !missing.isEmpty {
            throw ManualMatchRefused(
                reason: "no bank line \(missing.joined(separator: ", ")) in job \(job.name) "
                    + "(the bank_txn_id as the statement gives it; recon exceptions list shows unmatched lines)")
        }
        if let (id, several) = found.first(where: { $0.value.count > 1 }) {
            throw ManualMatchRefused(
                reason: "bank_txn_id \(id) names \(several.count) lines (accounts "
                    + several.map(\.account).joined(separator: ", ") + "): recon cannot tell which one you mean")
        }
        return lines
    }

    /// The lines must be free (or claimed by this group beside a mismatch),
    /// in the group's currency, and sum to its net: a difference is not a
    /// match but an exception to resolve (write_off, explained).
    func check(_ lines: [LockedLine], against group: LockedGroup) throws {
        let key = group.name
        for line in lines {
            if let owner = line.claimedBy,
                owner.merchantID != key.merchantID || owner.settlementRef != key.settlementRef
                    || owner.currency != key.currency
            {
                throw ManualMatchRefused(
                    reason: "bank line \(line.bankTxnID) (\(line.account)) is already claimed by \(owner) "
                        + "(rule \(line.claimRule ?? "?")\(try matchedTextOfClaim(owner, rule: line.claimRule))); "
                        + "unmatch that group first if the line belongs here")
            }
            if line.currency != key.currency {
                throw ManualMatchRefused(
                    reason: "bank line \(line.bankTxnID) is in \(line.currency), \(key) in \(key.currency)")
            }
        }
        let bankAmount = lines.reduce(Int64(0)) { $0 + $1.amount }
        if bankAmount != group.net {
            let amount = { (value: Int64) in AmountText.format(value, currencyCode: key.currency) ?? "\(value)" }
            throw ManualMatchRefused(
                reason: "the lines sum to \(amount(bankAmount)) \(key.currency), \(key) expects \(amount(group.net)) "
                    + "(difference \(amount(bankAmount - group.net))): a match must balance; resolve the exception "
                    + "instead (recon exceptions resolve … --reason write_off or explained)")
        }
    }

    /// ` (rule R on D, by P at T)` for a matched group.
    func matchedText(_ group: LockedGroup) throws -> String {
        var text = " (rule \(group.rule ?? "?")"
        if let day = group.matchedOn { text += " on \(day)" }
        if group.rule == ManualMatchesTable.rule, let (person, at) = try latestMatch(group.name) {
            text += ", by \(person) at \(at)"
        } else if group.rule != ManualMatchesTable.rule {
            text += ", by recon"
        }
        return text + ")"
    }

    private func matchedTextOfClaim(_ owner: GroupName, rule: String?) throws -> String {
        guard rule == ManualMatchesTable.rule, let (person, at) = try latestMatch(owner) else { return "" }
        return ", matched by \(person) at \(at)"
    }

    private func latestMatch(_ name: GroupName) throws -> (String, String)? {
        let rows = try connection.execute(
            ManualMatchesTable.latestMatchEntry(
                job: job.name, settlementRef: name.settlementRef, merchantID: name.merchantID, currency: name.currency))
        guard rows.rowCount == 1 else { return nil }
        return (rows.string(row: 0, column: 0)!, rows.string(row: 0, column: 1)!)
    }
}
