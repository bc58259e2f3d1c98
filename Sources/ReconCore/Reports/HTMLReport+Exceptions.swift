/// The work sections of `report.html` (SPEC §6, issue 12 point 6): what to
/// do first (open exceptions by money at stake, with age and owner), what is
/// due soon (pending items and the night each becomes a mismatch), and the
/// open money on both sides per currency. Long lists stop at a fixed number
/// of rows and say how many more are in the CSV, so the page stays small at
/// 100,000 mismatches.
extension HTMLReport {
    /// Rows shown per list; the CSV and `recon exceptions list` have the rest.
    static let rowsShownMax = 100

    static func exceptionsSection(_ mismatches: [Mismatch], marks: ExceptionMarks, runDate: CivilDate) -> String {
        guard !mismatches.isEmpty else { return "" }
        // Ranked by at_stake alone (report order breaks ties), so only the
        // rows shown need their id worked out: at 100,000 mismatches the
        // page must not hash every identity twice.
        let ranked = mismatches.indices.map { index in (index, Self.stakeKey(mismatches[index])) }.sorted { lhs, rhs in
            switch (lhs.1, rhs.1) {
            case (nil, nil): return lhs.0 < rhs.0
            case (nil, _): return false
            case (_, nil): return true
            case (let left?, let right?): return left != right ? left > right : lhs.0 < rhs.0
            }
        }
        let rows = ranked.prefix(rowsShownMax).map { index, _ -> (ExceptionListRow, Mismatch) in
            let mismatch = mismatches[index]
            let mark = marks.mark(mismatch)
            let firstSeen = mismatch.firstSeen ?? runDate
            return (
                ExceptionListRow(
                    exceptionID: mark.id, kind: mismatch.kind, state: mark.state, owner: mark.owner,
                    settlementRef: mismatch.settlementRef, merchantID: mismatch.merchantID, currency: mismatch.currency,
                    atStake: mismatch.atStake, firstSeen: firstSeen,
                    ageDays: runDate.daysSinceEpoch - firstSeen.daysSinceEpoch, bankTxnID: mismatch.bankTxnID),
                mismatch
            )
        }
        let owned = marks.byIdentity.isEmpty ? 0 : mismatches.count { marks.byIdentity[$0.identity]?.owner != nil }
        let unowned = mismatches.count - owned
        var html = "<section id=\"exceptions\"><h2>What to do first: "
            + "\(plural(mismatches.count, "open exception", "open exceptions"))</h2>"
            + "<p class=\"hint\">Largest amount at stake first (in each currency's own units). \(unowned) without an owner: "
            + "take one with <code>recon exceptions ack JOB ID --owner NAME</code>.</p>"
            + "<div class=\"scroll\"><table class=\"data ranked\"><thead><tr><th>#</th><th>Exception</th><th>Kind</th>"
            + "<th>State · owner</th><th>Item</th><th class=\"num\">At stake</th><th class=\"num\">Age (days)</th>"
            + "</tr></thead>\n<tbody>"
        for (rank, (row, mismatch)) in rows.enumerated() {
            let item = [mismatch.settlementRef, mismatch.merchantID, mismatch.bankTxnID, mismatch.bankAccount]
                .compactMap { $0 }.map(HTMLText.escape).joined(separator: " · ")
            let owner = row.owner.map { " · <strong>\(HTMLText.escape($0))</strong>" } ?? " · <span class=\"unowned\">nobody</span>"
            let stake = row.atStakeText.map { HTMLText.amount($0) + " " + HTMLText.escape(row.currency ?? "") } ?? "—"
            html += "<tr><td class=\"num\">\(rank + 1)</td><td class=\"id\"><code>\(row.exceptionID)</code></td>"
                + "<td>\(title(row.kind))</td><td>\(row.state.rawValue)\(owner)</td><td>\(item)</td>"
                + "<td class=\"num\">\(stake)</td><td class=\"num\">\(row.ageDays)</td></tr>\n"
        }
        html += "</tbody></table></div>" + moreRows(mismatches.count, "open exceptions", in: "recon exceptions list JOB")
        return html + "</section>\n"
    }

    static func stakeKey(_ mismatch: Mismatch) -> ExceptionListRow.MajorUnits? {
        ExceptionListRow.majorUnits(mismatch.atStake, currency: mismatch.currency)
    }

    static func pendingSection(_ pending: [PendingItem], runDate: CivilDate) -> String {
        guard !pending.isEmpty else { return "" }
        let sorted = pending.sorted(by: PendingItem.dueFirst)
        var html = "<section id=\"pending\"><h2>Pending: \(plural(pending.count, "item", "items")) inside the window</h2>"
            + "<p class=\"hint\">Not matched yet and not late yet. Each becomes a mismatch on the date shown if nothing "
            + "matches it before; soonest first.</p><div class=\"scroll\"><table class=\"data narrow\"><thead><tr>"
            + "<th>Becomes a mismatch on</th><th>Side</th><th>Item</th><th>Date</th><th class=\"num\">Amount</th></tr>"
            + "</thead>\n<tbody>"
        for item in sorted.prefix(rowsShownMax) {
            let side = item.side == .group ? "expected (settlement)" : "in the bank (line)"
            let name = HTMLText.escape(item.name) + (item.merchantID.map { " · " + HTMLText.escape($0) } ?? "")
            let due = item.becomesMismatchOn.daysSinceEpoch - runDate.daysSinceEpoch
            html += "<tr><td class=\"id\"><strong>\(item.becomesMismatchOn)</strong> (in \(plural(due, "day", "days")))</td>"
                + "<td>\(side)</td><td>\(name)</td><td class=\"id\">\(item.date)</td><td class=\"num\">"
                + HTMLText.amount(AmountText.format(item.amount, currency: item.currency)) + " \(item.currency.code)</td></tr>\n"
        }
        return html + "</tbody></table></div>" + moreRows(pending.count, "pending items", in: nil) + "</section>\n"
    }

    /// Per currency: money expected but not in the bank (missing groups,
    /// pending groups) and money in the bank nobody expected (unexpected and
    /// pending lines), from tonight's listed mismatches and pending items.
    static func openTotalsSection(_ mismatches: [Mismatch], pending: [PendingItem]) -> String {
        struct Sides { var missing: Int64 = 0, pendingGroups: Int64 = 0, unexpected: Int64 = 0, pendingLines: Int64 = 0 }
        var byCurrency: [String: (Currency, Sides)] = [:]
        func add(_ currency: Currency, _ change: (inout Sides) -> Void) {
            var entry = byCurrency[currency.code] ?? (currency, Sides())
            change(&entry.1)
            byCurrency[currency.code] = entry
        }
        for mismatch in mismatches {
            guard let currency = mismatch.currency.flatMap(Currency.init(code:)) else { continue }
            switch mismatch.kind {
            case .missingInBank: add(currency) { $0.missing &+= mismatch.expectedAmount ?? 0 }
            case .unexpectedBankLine: add(currency) { $0.unexpected &+= mismatch.bankAmount ?? 0 }
            default: continue
            }
        }
        for item in pending {
            add(item.currency) { sides in
                if item.side == .group { sides.pendingGroups &+= item.amount } else { sides.pendingLines &+= item.amount }
            }
        }
        guard !byCurrency.isEmpty else { return "" }
        var html = "<section id=\"open-totals\"><h2>Open money on both sides</h2><table class=\"data narrow\"><thead><tr>"
            + "<th>Currency</th><th class=\"num\">Expected, not in the bank</th><th class=\"num\">of which pending</th>"
            + "<th class=\"num\">In the bank, not expected</th><th class=\"num\">of which pending</th></tr></thead>\n<tbody>"
        for (currency, sides) in byCurrency.values.sorted(by: { $0.0.code < $1.0.code }) {
            func cell(_ amount: Int64) -> String {
                "<td class=\"num\">\(HTMLText.amount(AmountText.format(amount, currency: currency)))</td>"
            }
            html += "<tr><td><strong>\(currency.code)</strong></td>" + cell(sides.missing &+ sides.pendingGroups)
                + cell(sides.pendingGroups) + cell(sides.unexpected &+ sides.pendingLines) + cell(sides.pendingLines)
                + "</tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }

    static func moreRows(_ count: Int, _ what: String, in place: String?) -> String {
        guard count > rowsShownMax else { return "" }
        let whereToLook = place.map { "<code>\($0)</code> and <code>mismatches.csv</code>" } ?? "the database"
        return "<p class=\"hint more\">The first \(rowsShownMax) of \(count) \(what) are shown; \(whereToLook) have them all.</p>"
    }
}
