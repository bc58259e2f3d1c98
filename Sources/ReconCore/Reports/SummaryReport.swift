/// `summary.json` (SPEC §6): counts, totals per currency, what changed since
/// the previous run and the manifest. Keys in a fixed order, pretty-printed,
/// money as decimal strings.
public enum SummaryReport {
    public static func json(_ summary: RunSummary, mismatches: [Mismatch]) -> String {
        ReportJSON.object([
            .init("job", .string(summary.jobName)),
            .init("run_date", .string(summary.runDate.description)),
            .init("generated_at", .string(UTCTimestamp.format(summary.generatedAt))),
            .init("counts", counts(summary.counts)),
            .init("runs", runs(summary.runs)),
            .init("totals", totals(summary.sortedTotals)),
            .init("mismatches", mismatchSection(summary, mismatches: mismatches)),
            .init("daily", daily(summary.daily)),
            .init("manifest", manifest(summary.manifest)),
        ]).prettyPrinted()
    }

    static func counts(_ counts: RunCounts) -> ReportJSON {
        let batches = counts.batches
        let records = counts.records
        // Every reason, zeros included, so a consumer never has to guess
        // whether a missing key means zero.
        let byReason = ReasonCode.allCases.map {
            ReportJSON.Member($0.rawValue, .integer(records.rejectedByReason[$0] ?? 0))
        }
        return .object([
            .init(
                "batches",
                .object([
                    .init("settled", .integer(batches.settled)),
                    .init("failed", .integer(batches.failed)),
                    .init("duplicate", .integer(batches.duplicate)),
                ])),
            .init(
                "records",
                .object([
                    .init("read", .integer(records.read)),
                    .init("settled", .integer(records.settled)),
                    .init("duplicate", .integer(records.duplicate)),
                    .init("rejected", .integer(records.rejected)),
                    .init("rejected_by_reason", .object(byReason)),
                ])),
            .init("groups", reconciled(counts.groups)),
            .init("bank_lines", reconciled(counts.bankLines)),
        ])
    }

    static func reconciled(_ counts: RunCounts.Reconciled) -> ReportJSON {
        .object([
            .init("matched", .integer(counts.matched)),
            .init("pending", .integer(counts.pending)),
            .init("mismatched", .integer(counts.mismatched)),
        ])
    }

    /// An object keyed by currency code, codes in alphabetical order.
    static func totals(_ totals: [CurrencyTotals]) -> ReportJSON {
        .object(
            totals.map { total in
                .init(
                    total.currency.code,
                    .object([
                        .init("settled_net", .string(AmountText.format(total.settledNet, currency: total.currency))),
                        .init("matched_amount", .string(AmountText.format(total.matchedAmount, currency: total.currency))),
                        .init("open_amount", .string(AmountText.format(total.openAmount, currency: total.currency))),
                        .init(
                            "tolerated_difference",
                            .string(AmountText.format(total.toleratedDifference, currency: total.currency))),
                    ]))
            })
    }

    static func mismatchSection(_ summary: RunSummary, mismatches: [Mismatch]) -> ReportJSON {
        let byKind = MismatchKind.allCases.map { kind in
            ReportJSON.Member(kind.rawValue, .integer(mismatches.count { $0.kind == kind }))
        }
        return .object([
            .init("total", .integer(mismatches.count)),
            .init("by_kind", .object(byKind)),
            .init("new_since_previous", references(summary.newSincePrevious)),
            .init("resolved_since_previous", references(summary.resolvedSincePrevious)),
        ])
    }

    static func references(_ references: [MismatchReference]) -> ReportJSON {
        .object([
            .init("count", .integer(references.count)),
            .init(
                "items",
                .array(
                    references.map { reference in
                        .object([
                            .init("kind", .string(reference.kind.rawValue)),
                            .init("merchant_id", .optionalString(reference.merchantID)),
                            .init("settlement_ref", .optionalString(reference.settlementRef)),
                            .init("currency", .optionalString(reference.currency)),
                            .init("bank_account", .optionalString(reference.bankAccount)),
                            .init("bank_txn_id", .optionalString(reference.bankTxnID)),
                        ])
                    })),
        ])
    }

    static func daily(_ series: [DailyAmounts]) -> ReportJSON {
        .array(
            DailyAmounts.sorted(series).map { day in
                .object([
                    .init("date", .string(day.date.description)),
                    .init("currency", .string(day.currency.code)),
                    .init("matched_amount", .string(AmountText.format(day.matched, currency: day.currency))),
                    .init("open_amount", .string(AmountText.format(day.open, currency: day.currency))),
                ])
            })
    }

    static func manifest(_ manifest: RunManifest) -> ReportJSON {
        func digest(_ file: RunManifest.FileDigest) -> ReportJSON {
            .object([.init("name", .string(file.name)), .init("sha256", .string(file.sha256))])
        }
        return .object([
            .init("recon_version", .string(manifest.reconVersion)),
            .init("job_file", digest(manifest.jobFile)),
            .init("keyring", digest(manifest.keyring)),
            .init("transaction_files", .array(manifest.transactionFiles.map(digest))),
            .init("bank_statement_files", .array(manifest.bankStatementFiles.map(digest))),
        ])
    }
}
