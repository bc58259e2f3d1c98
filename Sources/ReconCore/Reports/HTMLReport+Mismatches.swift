/// The mismatch tables of `report.html`: one table per kind, in SPEC order,
/// each showing only the columns that kind fills, amounts right-aligned.
extension HTMLReport {
    /// One column of a mismatch table; `value` returns finished HTML or nil.
    struct MismatchColumn: Sendable {
        var title: String
        var isNumeric: Bool
        var value: @Sendable (Mismatch) -> String?
    }

    static let mismatchColumns: [MismatchColumn] = [
        .init(title: "Settlement ref", isNumeric: false) { $0.settlementRef.map(HTMLText.escape) },
        .init(title: "Merchant", isNumeric: false) { $0.merchantID.map(HTMLText.escape) },
        .init(title: "Currency", isNumeric: false) { $0.currency.map(HTMLText.escape) },
        .init(title: "Expected", isNumeric: true) { amountHTML($0.expectedAmount, $0) },
        .init(title: "Bank", isNumeric: true) { amountHTML($0.bankAmount, $0) },
        .init(title: "Difference", isNumeric: true) { amountHTML($0.difference, $0) },
        .init(title: "Settlement date", isNumeric: false) { $0.settlementDate?.description },
        .init(title: "Booking date", isNumeric: false) { $0.bookingDate?.description },
        .init(title: "Bank account", isNumeric: false) { $0.bankAccount.map(HTMLText.escape) },
        .init(title: "Bank txn id", isNumeric: false) { $0.bankTxnID.map(HTMLText.escape) },
        .init(title: "Txns", isNumeric: true) { $0.transactionCount.map(String.init) },
        .init(title: "First seen", isNumeric: false) { $0.firstSeen?.description },
        .init(title: "Detail", isNumeric: false) { detailHTML($0) },
    ]

    /// What each kind means, in the words of the people who fix it.
    static func explanation(_ kind: MismatchKind) -> String {
        switch kind {
        case .missingInBank: return "Settlement expected, but no bank line arrived within the window."
        case .unexpectedBankLine: return "Money on the bank account that no settlement explains."
        case .amountMismatch: return "Bank line found by reference, but the amount differs (difference = bank − expected)."
        case .currencyMismatch: return "Bank line found by reference, but in another currency."
        case .dateOutOfWindow: return "Matched, but booked outside the settlement window."
        case .duplicateBankLine: return "The same payout was booked more than once."
        case .ambiguousMatch: return "A bank line without reference fits several settlements."
        case .statementGap: return "Bank statements do not join up: lines may be missing."
        }
    }

    static func mismatchSection(_ mismatches: [Mismatch]) -> String {
        guard !mismatches.isEmpty else {
            return "<section><h2>Mismatches</h2><p class=\"empty\">No mismatches.</p></section>\n"
        }
        var html = "<section><h2>Mismatches: \(mismatches.count)</h2>"
            + "<p class=\"hint\">Click a column title to sort. Full rows are in <code>mismatches.csv</code>.</p>"
        for kind in MismatchKind.allCases {
            let rows = mismatches.filter { $0.kind == kind }
            guard !rows.isEmpty else { continue }
            html += "<h3 class=\"kind-title\"><code>\(kind.rawValue)</code> <span class=\"count\">\(rows.count)</span></h3>"
                + "<p class=\"explain\">\(explanation(kind))</p>" + mismatchTable(rows)
        }
        return html + "</section>\n"
    }

    static func mismatchTable(_ rows: [Mismatch]) -> String {
        let columns = mismatchColumns.filter { column in
            column.title == "Detail" || rows.contains { column.value($0) != nil }
        }
        var html = "<div class=\"scroll\"><table class=\"data sortable\"><thead><tr>"
        for column in columns { html += "<th\(column.isNumeric ? " class=\"num\"" : "")>\(column.title)</th>" }
        html += "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>"
            for column in columns {
                let value = column.value(row) ?? ""
                html += column.isNumeric ? "<td class=\"num\">\(value)</td>" : "<td>\(value)</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div>"
    }

    static func amountHTML(_ amount: Int64?, _ mismatch: Mismatch) -> String? {
        AmountText.format(amount, currencyCode: mismatch.currency).map(HTMLText.amount)
    }

    /// The detail text, then the nearest candidates so a reader sees why
    /// nothing matched without opening the JSON.
    static func detailHTML(_ mismatch: Mismatch) -> String? {
        var html = HTMLText.escape(mismatch.detail)
        guard !mismatch.candidates.isEmpty else { return mismatch.detail.isEmpty ? nil : html }
        html += "<ul class=\"candidates\">"
        for candidate in mismatch.candidates {
            let name = candidate.settlementRef ?? candidate.bankTxnID ?? candidate.reference ?? candidate.side
            let amount = AmountText.format(candidate.amount, currencyCode: candidate.currency) ?? ""
            let difference = AmountText.format(candidate.amountDifference, currencyCode: candidate.currency) ?? ""
            html += "<li>nearest \(HTMLText.escape(candidate.side)) <strong>\(HTMLText.escape(name))</strong>: "
                + "\(amount) \(HTMLText.escape(candidate.currency)), off by \(difference), "
                + "\(plural(candidate.daysApart, "day", "days")) apart</li>"
        }
        return html + "</ul>"
    }
}
