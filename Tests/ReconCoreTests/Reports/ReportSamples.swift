import Foundation

@testable import ReconCore

/// Realistic report models shared by the report tests: three currencies
/// with different minor digits, several mismatch kinds, a week of chart data.
enum ReportSamples {
    static func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }
    static func currency(_ code: String) -> Currency { Currency(code: code)! }

    static let runDate = date("2026-11-28")
    /// 2026-11-29T02:31:07Z.
    static let generatedAt = Date(timeIntervalSince1970: 1_795_919_467)

    static let mismatches: [Mismatch] = [
        Mismatch(
            kind: .missingInBank, settlementRef: "PO-2026-11-21-ACME", merchantID: "acme", currency: "EUR",
            expectedAmount: 1_284_350, settlementDate: date("2026-11-21"), transactionCount: 412,
            firstSeen: date("2026-11-25"), detail: "no bank line with this reference or amount by 2026-11-24",
            candidates: [
                .init(
                    side: "bank_line", bankTxnID: "BK-88213", amount: 1_284_300, currency: "EUR",
                    amountDifference: -50, daysApart: 1, reference: "ACME PAYOUT 21 NOV")
            ]),
        Mismatch(
            kind: .amountMismatch, settlementRef: "PO-2026-11-24-GLOBEX", merchantID: "globex", currency: "EUR",
            expectedAmount: 538_120, bankAmount: 537_620, difference: -500, settlementDate: date("2026-11-24"),
            bookingDate: date("2026-11-25"), bankAccount: "DE89370400440532013000", bankTxnID: "BK-88317",
            transactionCount: 97, firstSeen: date("2026-11-28"), detail: "bank amount differs by -5.00 EUR"),
        Mismatch(
            kind: .amountMismatch, settlementRef: "PO-2026-11-26-TOKYO", merchantID: "tokyo-shop", currency: "JPY",
            expectedAmount: 1_250_000, bankAmount: 1_249_670, difference: -330, settlementDate: date("2026-11-26"),
            bookingDate: date("2026-11-26"), bankAccount: "JP-MUFG-0012345", bankTxnID: "MUFG-553201",
            transactionCount: 58, firstSeen: date("2026-11-28"), detail: "bank amount differs by -330 JPY"),
        Mismatch(
            kind: .unexpectedBankLine, currency: "BHD", bankAmount: 12_345, bookingDate: date("2026-11-23"),
            bankAccount: "BH67BMAG00001299123456", bankTxnID: "NBB-7781", firstSeen: date("2026-11-27"),
            detail: "no settlement group with reference 'REFUND RETURN 7781'"),
        Mismatch(
            kind: .duplicateBankLine, settlementRef: "PO-2026-11-25-ACME", merchantID: "acme", currency: "EUR",
            expectedAmount: 90_000, bankAmount: 90_000, settlementDate: date("2026-11-25"),
            bookingDate: date("2026-11-26"), bankAccount: "DE89370400440532013000", bankTxnID: "BK-88402",
            transactionCount: 31, firstSeen: date("2026-11-28"),
            detail: "same amount and reference as BK-88399, booked 2026-11-25"),
        Mismatch(
            kind: .statementGap, bankAccount: "DE89370400440532013000", firstSeen: date("2026-11-28"),
            detail: "sequence jumps from 331 to 333: statement 332 missing"),
    ]

    static let rejected: [RejectedRecordRow] = [
        RejectedRecordRow(
            sourceFile: "acme-2026-11-27.csv", line: 17, txnID: "tx-000917", reason: .signatureMismatch,
            detail: "signature does not verify with key 'acme-2026-01'"),
        RejectedRecordRow(
            sourceFile: "acme-2026-11-27.csv", line: 42, txnID: nil, reason: .malformed,
            detail: "row has 9 cells, header has 10"),
        RejectedRecordRow(
            sourceFile: "globex-2026-11-27.jsonl", line: 3, txnID: "gx-3", reason: .invalidField,
            detail: "amount: \"12.345\" has more fraction digits than EUR allows"),
    ]

    static let counts = RunCounts(
        batches: .init(settled: 3, failed: 1, duplicate: 1),
        records: .init(
            read: 1_214, settled: 1_205, duplicate: 6,
            rejectedByReason: [.signatureMismatch: 1, .malformed: 1, .invalidField: 1]),
        groups: .init(matched: 38, pending: 4, mismatched: 4),
        bankLines: .init(matched: 39, pending: 2, mismatched: 3))

    static let totals: [CurrencyTotals] = [
        CurrencyTotals(currency: currency("JPY"), settledNet: 9_880_000, matchedAmount: 8_630_000, openAmount: 1_250_000),
        CurrencyTotals(currency: currency("EUR"), settledNet: 15_920_410, matchedAmount: 14_007_940, openAmount: 1_912_470),
        CurrencyTotals(currency: currency("BHD"), settledNet: 4_210_500, matchedAmount: 4_210_500, openAmount: 0),
    ]

    static var daily: [DailyAmounts] {
        let days = (0..<7).map { runDate.adding(days: $0 - 7)! }
        let eur: [(Int64, Int64)] = [
            (2_104_000, 0), (1_980_450, 0), (2_310_900, 1_284_350), (1_870_300, 0), (1_652_100, 628_120),
            (2_401_775, 0), (1_688_415, 0),
        ]
        let jpy: [(Int64, Int64)] = [
            (1_200_000, 0), (1_350_000, 0), (980_000, 0), (1_500_000, 0), (1_100_000, 0), (1_250_000, 1_250_000),
            (1_250_000, 0),
        ]
        let bhd: [(Int64, Int64)] = [
            (612_250, 0), (588_000, 0), (601_125, 0), (597_500, 0), (605_875, 0), (603_000, 0), (602_750, 0),
        ]
        var series: [DailyAmounts] = []
        for (code, values) in [("EUR", eur), ("JPY", jpy), ("BHD", bhd)] {
            for (day, value) in zip(days, values) {
                series.append(DailyAmounts(date: day, currency: currency(code), matched: value.0, open: value.1))
            }
        }
        return series
    }

    static let manifest = RunManifest(
        reconVersion: "1.0.0",
        jobFile: .init(name: "nightly.yaml", sha256: String(repeating: "a1", count: 32)),
        keyring: .init(name: "keyring.yaml", sha256: String(repeating: "b2", count: 32)),
        transactionFiles: [
            .init(name: "acme-2026-11-27.csv", sha256: String(repeating: "c3", count: 32)),
            .init(name: "globex-2026-11-27.jsonl", sha256: String(repeating: "d4", count: 32)),
        ],
        bankStatementFiles: [.init(name: "camt053-2026-11-27.xml", sha256: String(repeating: "e5", count: 32))])

    static var summary: RunSummary {
        RunSummary(
            jobName: "nightly", runDate: runDate, generatedAt: generatedAt, counts: counts, totals: totals,
            daily: daily, newSincePrevious: mismatches.filter { $0.firstSeen == runDate }.map(MismatchReference.init),
            resolvedSincePrevious: [
                MismatchReference(
                    kind: .missingInBank, merchantID: "globex", settlementRef: "PO-2026-11-20-GLOBEX", currency: "EUR")
            ],
            manifest: manifest,
            runs: [
                RunSummary.Run(
                    startedAt: generatedAt.addingTimeInterval(-600), batches: .init(settled: 2),
                    records: .init(read: 10, settled: 9, rejectedByReason: [.signatureMismatch: 1]),
                    files: ["acme-2026-11-27.csv", "globex-2026-11-27.jsonl"], exitCode: 1),
                RunSummary.Run(startedAt: generatedAt.addingTimeInterval(-60), exitCode: 1),
            ],
            pending: [
                PendingItem(
                    side: .group, name: "PO-2026-11-27-ACME", merchantID: "acme", currency: Currency(code: "EUR")!,
                    amount: 73_050, date: date("2026-11-27"), windowDays: 3),
                PendingItem(
                    side: .bankLine, name: "BK-88500", currency: Currency(code: "EUR")!, amount: 1_999,
                    date: date("2026-11-26"), windowDays: 3),
            ])
    }

    /// A night where everything matched.
    static var cleanSummary: RunSummary {
        RunSummary(
            jobName: "nightly", runDate: runDate, generatedAt: generatedAt,
            counts: RunCounts(
                batches: .init(settled: 1), records: .init(read: 10, settled: 10),
                groups: .init(matched: 2), bankLines: .init(matched: 2)),
            totals: [CurrencyTotals(currency: currency("EUR"), settledNet: 50_000, matchedAmount: 50_000)],
            manifest: RunManifest(
                reconVersion: "1.0.0", jobFile: .init(name: "nightly.yaml", sha256: String(repeating: "0", count: 64)),
                keyring: .init(name: "keyring.yaml", sha256: String(repeating: "f", count: 64))))
    }

    static var settlementRows: [SettlementExportRow] {
        var acme = SettlementGroup(
            key: .init(merchantID: "acme", settlementRef: "PO-2026-11-25-ACME", currency: "EUR"),
            currency: currency("EUR"), net: 90_000, settlementDate: date("2026-11-25"), transactionCount: 31)
        acme.payments = 101_250
        acme.refunds = -8_000
        acme.chargebacks = -2_500
        acme.fees = -1_250
        acme.adjustments = 500
        var tokyo = SettlementGroup(
            key: .init(merchantID: "tokyo-shop", settlementRef: "PO-2026-11-26-TOKYO", currency: "JPY"),
            currency: currency("JPY"), net: 1_250_000, settlementDate: date("2026-11-26"), transactionCount: 58)
        tokyo.payments = 1_300_000
        tokyo.refunds = -50_000
        var manama = SettlementGroup(
            key: .init(merchantID: "manama", settlementRef: "PO-2026-11-27-MANAMA", currency: "BHD"),
            currency: currency("BHD"), net: -1_500, settlementDate: date("2026-11-27"), transactionCount: 1)
        manama.fees = -1_500
        return [
            SettlementExportRow(group: acme, status: .matched, bookingDate: date("2026-11-25"), bankTxnID: "BK-88399"),
            SettlementExportRow(group: tokyo, status: .mismatched, bookingDate: date("2026-11-26"), bankTxnID: "MUFG-553201"),
            SettlementExportRow(group: manama, status: .pending),
        ]
    }
}
