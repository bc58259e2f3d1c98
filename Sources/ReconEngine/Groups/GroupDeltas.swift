import Foundation
import ReconCore
import ReconStore

/// What one batch adds to each settlement group it touches: signed sums per
/// type, a count and the latest settlement date. Summed by the verifying
/// workers chunk by chunk (in parallel), merged by settlement in file order,
/// and added to `settlement_groups` in the transaction that settles the
/// batch (``GroupStateStore/apply(_:source:)``), so a group's state commits or
/// rolls back with its rows: a crash, a rerun or a concurrent worker never
/// counts a transaction twice.
struct GroupDeltas: Sendable {
    struct Key: Hashable, Sendable, Comparable {
        var merchantID: String
        var settlementRef: String
        var currency: String

        /// Equal when the UTF-8 bytes are, as the table's `COLLATE "C"` key
        /// compares: Swift's `==` would merge "café" written precomposed and
        /// decomposed, which the database keeps as two groups.
        static func == (lhs: Key, rhs: Key) -> Bool {
            lhs.matches(merchantID: rhs.merchantID, settlementRef: rhs.settlementRef, currency: rhs.currency)
        }

        func matches(merchantID: String, settlementRef: String, currency: String) -> Bool {
            Self.sameBytes(self.settlementRef, settlementRef) && Self.sameBytes(self.merchantID, merchantID)
                && Self.sameBytes(self.currency, currency)
        }

        /// memcmp of the UTF-8 (`utf8.elementsEqual` walks it byte by byte
        /// through the generic view: 5 % of an ingest's CPU).
        private static func sameBytes(_ a: String, _ b: String) -> Bool {
            var a = a
            var b = b
            return a.withUTF8 { x in
                b.withUTF8 { y in x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) }
            }
        }

        func hash(into hasher: inout Hasher) {
            Self.combine(merchantID, into: &hasher)
            Self.combine(settlementRef, into: &hasher)
            Self.combine(currency, into: &hasher)
        }

        private static func combine(_ text: String, into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            // A separator no UTF-8 contains, so ("ab", "c") and ("a", "bc") hash apart.
            hasher.combine(UInt8(0xFF))
        }

        /// Byte order of the UTF-8, as the table's `COLLATE "C"` key sorts:
        /// concurrent settlements lock group rows in this one order.
        static func < (lhs: Key, rhs: Key) -> Bool {
            if lhs.merchantID != rhs.merchantID { return lhs.merchantID.utf8.lexicographicallyPrecedes(rhs.merchantID.utf8) }
            if lhs.settlementRef != rhs.settlementRef {
                return lhs.settlementRef.utf8.lexicographicallyPrecedes(rhs.settlementRef.utf8)
            }
            return lhs.currency.utf8.lexicographicallyPrecedes(rhs.currency.utf8)
        }
    }

    /// Sums are 128-bit here so that no batch can wrap them; the database
    /// refuses a total beyond a bigint (``GroupNetOverflow``). The sums per
    /// type are those of ``byType``: a batch keeps one delta per group in
    /// memory, so it holds nothing twice.
    struct Delta: Sendable {
        var count: Int64 = 0
        /// Days since 1970-01-01.
        var latestSettlementDay = Int.min
        /// What the batch brought to the group, type by type, for
        /// `settlement_group_files`. Most groups see one type (payments):
        /// it is kept inline, so a group costs no array of its own.
        private var firstShare: TypeShare?
        private var otherShares: [TypeShare] = []

        var byType: [TypeShare] { (firstShare.map { [$0] } ?? []) + otherShares }

        /// ``byType`` without building an array (once per group and chunk).
        func forEachShare(_ body: (TypeShare) throws -> Void) rethrows {
            if let firstShare { try body(firstShare) }
            for share in otherShares { try body(share) }
        }

        func sum(of type: TransactionType) -> Int128 {
            if let firstShare, firstShare.type == type { return firstShare.amount }
            return otherShares.first { $0.type == type }?.amount ?? 0
        }
        var payments: Int128 { sum(of: .payment) }
        var refunds: Int128 { sum(of: .refund) }
        var chargebacks: Int128 { sum(of: .chargeback) }
        var fees: Int128 { sum(of: .fee) }
        var adjustments: Int128 { sum(of: .adjustment) }
        var net: Int128 { (firstShare?.amount ?? 0) + otherShares.reduce(0) { $0 + $1.amount } }

        mutating func add(type: TransactionType, amount: Int64, settlementDay: Int, line: Int) {
            count += 1
            latestSettlementDay = max(latestSettlementDay, settlementDay)
            if firstShare == nil { firstShare = TypeShare(type: type) }
            if firstShare!.type == type {
                firstShare!.add(amount: amount, settlementDay: settlementDay, line: line)
            } else if let index = otherShares.firstIndex(where: { $0.type == type }) {
                otherShares[index].add(amount: amount, settlementDay: settlementDay, line: line)
            } else {
                var share = TypeShare(type: type)
                share.add(amount: amount, settlementDay: settlementDay, line: line)
                otherShares.append(share)
            }
        }

        mutating func merge(_ other: Delta) {
            count += other.count
            latestSettlementDay = max(latestSettlementDay, other.latestSettlementDay)
            other.forEachShare { share in
                if firstShare == nil {
                    firstShare = share
                } else if firstShare!.type == share.type {
                    firstShare!.merge(share)
                } else if let index = otherShares.firstIndex(where: { $0.type == share.type }) {
                    otherShares[index].merge(share)
                } else {
                    otherShares.append(share)
                }
            }
        }
    }

    /// One type's part of a group's delta: what `recon show` prints per file
    /// and type (sql/016).
    struct TypeShare: Sendable {
        /// How many lines of a file `recon show` lists per group and type.
        static let listedLines = 50

        let type: TransactionType
        var count: Int64 = 0
        var amount: Int128 = 0
        /// The first ``listedLines`` lines, ascending.
        private var listed = ListedLines(limit: listedLines)
        var firstLines: [Int32] { listed.lines }
        /// Days since 1970-01-01 (32 bits: one share per group and type is kept per batch).
        private var earliestDay = Int32.max
        private var latestDay = Int32.min
        var earliestSettlementDay: Int { Int(earliestDay) }
        var latestSettlementDay: Int { Int(latestDay) }

        init(type: TransactionType) { self.type = type }

        mutating func add(amount: Int64, settlementDay: Int, line: Int) {
            count += 1
            self.amount += Int128(amount)
            let day = Int32(clamping: settlementDay)
            earliestDay = min(earliestDay, day)
            latestDay = max(latestDay, day)
            listed.add(Int32(clamping: line))
        }

        mutating func merge(_ other: TypeShare) {
            count += other.count
            amount += other.amount
            earliestDay = min(earliestDay, other.earliestDay)
            latestDay = max(latestDay, other.latestDay)
            listed.merge(other.listed)
        }
    }

    /// Every group but the one of the current run (``add(_:line:)``).
    private var flushed: [Key: Delta] = [:]
    /// The group of the last rows added and what they brought: providers
    /// write a payout's rows together, so most rows add to the group of the
    /// row before, without hashing its key or a dictionary lookup.
    private var run: (key: Key, delta: Delta)?

    /// Every group's delta; ``flush()`` first.
    var byKey: [Key: Delta] {
        precondition(run == nil, "GroupDeltas.flush() before reading")
        return flushed
    }

    var isEmpty: Bool { byKey.isEmpty }

    /// Net per currency code; nil if one does not fit 64 bits.
    var netByCurrency: [String: Int64]? {
        var sums: [String: Int128] = [:]
        for (key, delta) in byKey { sums[key.currency, default: 0] += delta.net }
        var result: [String: Int64] = [:]
        for (code, sum) in sums {
            guard let net = Int64(exactly: sum) else { return nil }
            result[code] = net
        }
        return result
    }
    var transactionCount: Int64 { byKey.values.reduce(0) { $0 + $1.count } }

    mutating func add(_ transaction: ValidatedTransaction, line: Int) {
        if run == nil || !run!.key.matches(
            merchantID: transaction.merchantID, settlementRef: transaction.settlementRef,
            currency: transaction.currency.code)
        {
            flush()
            let key = Key(
                merchantID: transaction.merchantID, settlementRef: transaction.settlementRef,
                currency: transaction.currency.code)
            run = (key, Delta())
        }
        run!.delta.add(
            type: transaction.type, amount: transaction.amount, settlementDay: transaction.settlementDate, line: line)
    }

    /// Puts the current run's group with the others (end of a chunk).
    mutating func flush() {
        guard let (key, delta) = run else { return }
        run = nil
        // One lookup per run; a group seen before (rows not together) adds to it.
        flushed[key, default: Delta()].merge(delta)
    }

    mutating func merge(_ other: GroupDeltas) {
        var other = other
        other.flush()
        flush()
        if flushed.isEmpty {
            flushed = other.flushed
        } else {
            flushed.merge(other.flushed) { mine, theirs in
                var sum = mine
                sum.merge(theirs)
                return sum
            }
        }
    }

}
