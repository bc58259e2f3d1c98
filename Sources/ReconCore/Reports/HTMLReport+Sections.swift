/// The summary sections of `report.html`: counts, totals, chart, changes,
/// rejections and the manifest.
extension HTMLReport {
    static func countsSection(_ counts: RunCounts) -> String {
        func card(_ title: String, _ rows: [(String, Int, String)]) -> String {
            var card = "<div class=\"card\"><h3>\(title)</h3><table class=\"kv\">"
            for (label, value, style) in rows {
                card += "<tr class=\"\(style)\"><th>\(label)</th><td class=\"num\">\(HTMLText.amount(String(value)))</td></tr>\n"
            }
            return card + "</table></div>\n"
        }
        let records = counts.records
        let failedStyle = counts.batches.failed > 0 ? "bad" : ""
        let rejectedStyle = records.rejected > 0 ? "bad" : ""
        let mismatchedGroups = counts.groups.mismatched > 0 ? "bad" : ""
        let mismatchedLines = counts.bankLines.mismatched > 0 ? "bad" : ""
        return "<section id=\"counts\"><h2>Counts</h2><div class=\"cards\">"
            + card("Batches", [
                ("settled", counts.batches.settled, ""), ("failed", counts.batches.failed, failedStyle),
                ("duplicate files", counts.batches.duplicate, ""),
            ])
            + card("Records", [
                ("read", records.read, ""), ("settled", records.settled, ""),
                ("duplicate", records.duplicate, ""), ("rejected", records.rejected, rejectedStyle),
            ])
            + card("Settlement groups", [
                ("matched", counts.groups.matched, ""), ("pending", counts.groups.pending, ""),
                ("mismatched", counts.groups.mismatched, mismatchedGroups),
            ])
            + card("Bank lines", [
                ("matched", counts.bankLines.matched, ""), ("pending", counts.bankLines.pending, ""),
                ("mismatched", counts.bankLines.mismatched, mismatchedLines),
            ])
            + "</div></section>\n"
    }

    static func totalsSection(_ summary: RunSummary) -> String {
        let totals = summary.sortedTotals
        guard !totals.isEmpty else { return "<section><h2>Totals</h2><p class=\"empty\">No money moved.</p></section>\n" }
        var html = "<section><h2>Totals per currency</h2><table class=\"data narrow totals\"><thead><tr><th>Currency</th>"
            + "<th class=\"num\">Settled on this date (net)</th><th class=\"num\">Matched to bank</th>"
            + "<th class=\"num\">Open</th><th class=\"num\">Tolerated difference</th></tr></thead>\n<tbody>"
        for total in totals {
            func cell(_ amount: Int64) -> String {
                "<td class=\"num\">\(HTMLText.amount(AmountText.format(amount, currency: total.currency)))</td>"
            }
            html += "<tr><td><strong>\(total.currency.code)</strong></td>" + cell(total.settledNet)
                + cell(total.matchedAmount) + cell(total.openAmount)
                + cell(total.toleratedDifference) + "</tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }

    static func chartSection(_ summary: RunSummary) -> String {
        let series = DailyAmounts.sorted(summary.daily)
        guard !series.isEmpty else { return "" }
        var html = "<section><h2>Matched vs open by settlement date</h2>"
        var currencies: [Currency] = []
        for day in series where currencies.last != day.currency { currencies.append(day.currency) }
        for currency in currencies {
            let chart = HTMLBarChart(currency: currency, days: series.filter { $0.currency == currency })
            html += "<figure><figcaption>\(currency.code)</figcaption>\(chart.svg())</figure>\n"
        }
        return html + "</section>\n"
    }

    static func changesSection(_ summary: RunSummary) -> String {
        func list(_ title: String, _ references: [MismatchReference]) -> String {
            var html = "<div class=\"card wide\"><h3>\(title): \(references.count)</h3>"
            guard !references.isEmpty else { return html + "<p class=\"empty\">None.</p></div>" }
            html += "<ul class=\"refs\">"
            for reference in references {
                let parts = [reference.settlementRef, reference.merchantID, reference.currency, reference.bankAccount,
                    reference.bankTxnID].compactMap { $0 }.map(HTMLText.escape)
                html += "<li><span class=\"kind\">\(reference.kind.rawValue)</span> \(parts.joined(separator: " · "))</li>\n"
            }
            return html + "</ul></div>"
        }
        return "<section><h2>Since the previous run</h2><div class=\"cards\">"
            + list("New mismatches", summary.newSincePrevious)
            + list("Resolved mismatches", summary.resolvedSincePrevious) + "</div></section>\n"
    }

    static func rejectedSection(_ records: RunCounts.Records) -> String {
        let reasons = ReasonCode.allCases.filter { (records.rejectedByReason[$0] ?? 0) > 0 }
        guard !reasons.isEmpty else {
            return "<section id=\"rejected\"><h2>Rejected records</h2><p class=\"empty\">No records rejected.</p></section>\n"
        }
        var html = "<section id=\"rejected\"><h2>Rejected records: \(records.rejected)</h2><p>Details per record are in "
            + "<code>rejected.csv</code>.</p><table class=\"data narrow\"><thead><tr><th>Reason</th>"
            + "<th class=\"num\">Records</th><th>Meaning</th></tr></thead>\n<tbody>"
        for reason in reasons {
            html += "<tr><td><code>\(reason.rawValue)</code></td>"
                + "<td class=\"num\">\(records.rejectedByReason[reason] ?? 0)</td><td>\(meaning(reason))</td></tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }

    /// Plain words for a reason code, for readers who do not know SPEC §3.3.
    static func meaning(_ reason: ReasonCode) -> String {
        switch reason {
        case .malformed: return "Row or line could not be read (column count, quoting, JSON)."
        case .missingField: return "A required field is missing or empty."
        case .invalidField: return "A field has the wrong format."
        case .unknownKey: return "The signing key is not in the keyring."
        case .keyNotForMerchant: return "The key may not sign for this merchant."
        case .keyNotValidAt: return "The key was not valid when the transaction was created."
        case .keyRevoked: return "The signing key is revoked."
        case .badSignatureEncoding: return "The signature is not valid base64."
        case .signatureMismatch: return "The signature does not verify: content altered or wrong key."
        case .duplicateInFile: return "The same txn_id appears again in the same file."
        case .conflict: return "The txn_id was already settled with different content."
        }
    }

    static func manifestSection(_ summary: RunSummary) -> String {
        let manifest = summary.manifest
        var rows: [(String, RunManifest.FileDigest)] = [("job file", manifest.jobFile), ("keyring", manifest.keyring)]
        rows += manifest.transactionFiles.map { ("transactions", $0) }
        rows += manifest.bankStatementFiles.map { ("bank statement", $0) }
        var html = "<footer><h2>Manifest</h2><p>recon \(HTMLText.escape(manifest.reconVersion)). "
            + "SHA-256 of every file this run used.</p><table class=\"data manifest\"><thead><tr><th>Role</th>"
            + "<th>File</th><th>SHA-256</th></tr></thead>\n<tbody>"
        for (role, file) in rows {
            html += "<tr><td>\(role)</td><td>\(HTMLText.escape(file.name))</td>"
                + "<td class=\"hash\">\(HTMLText.escape(file.sha256))</td></tr>\n"
        }
        return html + "</tbody></table></footer>\n"
    }
}
