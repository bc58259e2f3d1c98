import Foundation
import ReconCore
import ReconStore

/// The binary COPY layout of one row of `transactions` (and of the staging
/// table that mirrors it), in the order of `TransactionsTable.columns`.
enum TransactionRow {
    static let fieldCount = Int16(TransactionsTable.columns.count)

    static func append(
        _ transaction: ValidatedTransaction, source: String, extraJSON: [UInt8]?, contentHash: [UInt8],
        batchID: Int64, line: Int, to encoder: inout BinaryCopyEncoder
    ) {
        encoder.beginRow(fieldCount: fieldCount)
        encoder.appendText(source)
        encoder.appendText(transaction.txnID)
        encoder.appendText(transaction.merchantID)
        encoder.appendText(transaction.type.rawValue)
        encoder.appendInt64(transaction.amount)
        encoder.appendText(transaction.currency.code)
        encoder.appendTimestamp(
            microsecondsSince2000: transaction.createdAt - Int64(CalendarMath.postgresEpochOffsetDays) * 86_400_000_000)
        encoder.appendDate(daysSince2000: Int32(transaction.settlementDate - CalendarMath.postgresEpochOffsetDays))
        encoder.appendText(transaction.settlementRef)
        encoder.appendText(transaction.keyID)
        if let extraJSON { encoder.appendJSONB(extraJSON) } else { encoder.appendNull() }
        encoder.appendBytea(contentHash)
        encoder.appendInt64(batchID)
        encoder.appendInt32(Int32(clamping: line))
    }
}

/// Binary COPY layout of `transaction_keys`, the registry whose primary key
/// `(source, txn_id)` keeps settlement exactly-once across the partitions of
/// `transactions` (sql/004). Written by the same pipeline worker that encodes
/// the wide row, from the same values.
/// In the order of `TransactionKeysTable.columns`.
enum TransactionKeyRow {
    private static let fieldCount = Int16(TransactionKeysTable.columns.count)

    static func append(
        _ transaction: ValidatedTransaction, source: String, contentHash: [UInt8], batchID: Int64, line: Int,
        to encoder: inout BinaryCopyEncoder
    ) {
        encoder.beginRow(fieldCount: fieldCount)
        encoder.appendInt64(batchID)
        encoder.appendInt32(Int32(clamping: line))
        encoder.appendDate(daysSince2000: Int32(transaction.settlementDate - CalendarMath.postgresEpochOffsetDays))
        encoder.appendText(source)
        encoder.appendText(transaction.txnID)
        encoder.appendBytea(contentHash)
    }
}

/// Binary COPY layout of `rejected_records`, in `RejectedRecordsTable.columns` order.
enum RejectedRow {
    private static let fieldCount = Int16(RejectedRecordsTable.columns.count)

    static func append(_ rejection: Rejection, batchID: Int64, to encoder: inout BinaryCopyEncoder) {
        encoder.beginRow(fieldCount: fieldCount)
        encoder.appendInt64(batchID)
        encoder.appendInt32(Int32(clamping: rejection.line))
        if let txnID = rejection.txnID { encoder.appendText(StorableText.clean(txnID)) } else { encoder.appendNull() }
        encoder.appendText(rejection.reason.rawValue)
        encoder.appendText(StorableText.clean(rejection.detail))
    }
}

/// PostgreSQL `text` cannot hold NUL. Rejected input may contain anything, so
/// what is stored about it has NUL replaced; accepted records never contain
/// NUL (validation rejects control characters in stored fields).
enum StorableText {
    static func clean(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        return String(text.unicodeScalars.map { $0.value == 0 ? "\u{FFFD}" : Character($0) })
    }
}
