/// The mismatch tables of `report.html`: one table per kind, in SPEC order,
/// each showing only the columns that kind fills, amounts right-aligned.
///
/// Each mismatch is its own `<tbody>`: the facts on one row, the detail and
/// the nearest candidates on a full-width row below. Long detail text in a
/// column of its own squeezed every other column and made rows tall.
extension HTMLReport {
    /// One column of a mismatch table; `value` returns finished HTML or nil.
    struct MismatchColumn: Sendable {
        enum Style: String, Sendable {
            case text = ""
            /// References, ids and dates: never broken across lines.
            case identifier = "id"
            case amount = "num"
            /// The difference is the number someone has to explain.
            case difference = "num diff"
        }

        var title: String
        var style: Style
        var value: @Sendable (Mismatch) -> String?

        func cell(_ mismatch: Mismatch) -> String {
            let content = value(mismatch) ?? ""
            return style == .text ? "<td>\(content)</td>" : "<td class=\"\(style.rawValue)\">\(content)</td>"
        }

        var header: String {
            let style = self.style == .difference ? .amount : self.style
            return style == .amount ? "<th class=\"num\">\(title)</th>" : "<th>\(title)</th>"
        }
    }

    static let mismatchColumns: [MismatchColumn] = [
        .init(title: "Settlement ref", style: .identifier) { $0.settlementRef.map(HTMLText.escape) },
        .init(title: "Merchant", style: .identifier) { $0.merchantID.map(HTMLText.escape) },
        .init(title: "Currency", style: .text) { $0.currency.map(HTMLText.escape) },
        .init(title: "Expected", style: .amount) { amountHTML($0.expectedAmount, $0) },
        .init(title: "Bank", style: .amount) { amountHTML($0.bankAmount, $0, currency: $0.bankAmountCurrency) },
        .init(title: "Difference", style: .difference) { amountHTML($0.difference, $0) },
        .init(title: "Settlement date", style: .identifier) { $0.settlementDate?.description },
        .init(title: "Booking date", style: .identifier) { $0.bookingDate?.description },
        // The line id first, the account (a long IBAN) small below it: one
        // column instead of two keeps the widest table inside the page.
        .init(title: "Bank line · account", style: .identifier) { bankLineHTML($0) },
        .init(title: "Txns", style: .amount) { $0.transactionCount.map { HTMLText.amount(String($0)) } },
    ]

    static func bankLineHTML(_ mismatch: Mismatch) -> String? {
        guard mismatch.bankTxnID != nil || mismatch.bankAccount != nil else { return nil }
        let account = mismatch.bankAccount.map { "<span class=\"account\">\(HTMLText.escape($0))</span>" } ?? ""
        return (mismatch.bankTxnID.map(HTMLText.escape) ?? "") + account
    }

    /// A heading a finance reader recognises; the code is shown beside it.
    static func title(_ kind: MismatchKind) -> String {
        switch kind {
        case .missingInBank: return "Missing in bank"
        case .unexpectedBankLine: return "Unexpected bank line"
        case .amountMismatch: return "Amount differs"
        case .currencyMismatch: return "Currency differs"
        case .dateOutOfWindow: return "Booked outside the window"
        case .duplicateBankLine: return "Duplicate bank line"
        case .ambiguousMatch: return "Ambiguous match"
        case .statementGap: return "Statement gap"
        }
    }

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

    static func mismatchSection(_ mismatches: [Mismatch], runDate: CivilDate, marks: ExceptionMarks) -> String {
        guard !mismatches.isEmpty else {
            return "<section id=\"mismatches\"><h2>Mismatches</h2><p class=\"empty\">No mismatches.</p></section>\n"
        }
        var html = "<section id=\"mismatches\"><h2>Mismatches: \(mismatches.count)</h2>"
            + "<p class=\"hint\">Click a column title to sort. Full rows are in <code>mismatches.csv</code>.</p>"
        for kind in MismatchKind.allCases {
            let rows = mismatches.filter { $0.kind == kind }
            guard !rows.isEmpty else { continue }
            html += "<h3 class=\"kind-title\">\(title(kind)) <span class=\"count\">\(rows.count)</span> "
                + "<code>\(kind.rawValue)</code></h3><p class=\"explain\">\(explanation(kind))</p>"
                + mismatchTable(Array(rows.prefix(rowsShownMax)), runDate: runDate, marks: marks)
                + moreRows(rows.count, "\(title(kind).lowercased()) rows", in: "recon exceptions list JOB --kind \(kind.rawValue)")
        }
        return html + "</section>\n"
    }

    static func mismatchTable(_ rows: [Mismatch], runDate: CivilDate, marks: ExceptionMarks) -> String {
        let columns = mismatchColumns.filter { column in rows.contains { column.value($0) != nil } }
        var html = "<div class=\"scroll\"><table class=\"data sortable mismatches\"><thead><tr>"
        for column in columns { html += column.header }
        html += "</tr></thead>\n"
        for row in rows {
            html += "<tbody><tr>" + columns.map { $0.cell(row) }.joined() + "</tr>\n"
            if let detail = detailHTML(row, runDate: runDate, mark: marks.mark(row)) {
                html += "<tr class=\"detail\"><td colspan=\"\(columns.count)\">\(detail)</td></tr>\n"
            }
            html += "</tbody>\n"
        }
        return html + "</table></div>"
    }

    static func amountHTML(_ amount: Int64?, _ mismatch: Mismatch, currency: String? = nil) -> String? {
        AmountText.format(amount, currencyCode: currency ?? mismatch.currency).map(HTMLText.amount)
    }

    /// When it was first seen (flagged when new tonight), the detail text,
    /// then the nearest candidates so a reader sees why nothing matched
    /// without opening the JSON.
    static func detailHTML(_ mismatch: Mismatch, runDate: CivilDate, mark: ExceptionMarks.Mark) -> String? {
        var parts = ["<code>\(mark.id)</code> \(mark.state.rawValue)" + (mark.owner.map { " (\(HTMLText.escape($0)))" } ?? "")]
        if let firstSeen = mismatch.firstSeen {
            parts.append(firstSeen == runDate ? "<span class=\"new\">new</span> first seen \(firstSeen)" : "first seen \(firstSeen)")
        }
        if !mismatch.detail.isEmpty { parts.append(HTMLText.escape(mismatch.detail)) }
        var html = parts.joined(separator: " · ")
        guard !mismatch.candidates.isEmpty else { return parts.isEmpty ? nil : html }
        html += "<ul class=\"candidates\">"
        for candidate in mismatch.candidates {
            let name = candidate.settlementRef ?? candidate.bankTxnID ?? candidate.reference ?? candidate.side
            let amount = AmountText.format(candidate.amount, currencyCode: candidate.currency).map(HTMLText.amount) ?? ""
            let difference = AmountText.format(candidate.amountDifference, currencyCode: candidate.currency)
                .map(HTMLText.amount) ?? ""
            let side = candidate.side == "bank_line" ? "bank line" : candidate.side == "group" ? "settlement" : candidate.side
            let reference = candidate.reference.map { ", reference “\(HTMLText.escape($0))”" } ?? ""
            html += "<li>Nearest \(HTMLText.escape(side)) <strong>\(HTMLText.escape(name))</strong>: "
                + "\(amount) \(HTMLText.escape(candidate.currency)), off by \(difference), "
                + "\(plural(candidate.daysApart, "day", "days")) apart\(reference)</li>\n"
        }
        return html + "</ul>"
    }
}
