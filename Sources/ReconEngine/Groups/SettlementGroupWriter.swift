import ReconCore
import ReconStore

/// Adds a batch's ``GroupDeltas`` to `settlement_groups` inside the batch's
/// own transaction (``BatchSettlement``).
struct SettlementGroupWriter {
    let connection: PostgresConnection
    let source: String
    let batchID: Int64

    private static let numericOutOfRange = "22003"

    /// Fast path: the deltas summed by the verifying workers.
    func apply(_ deltas: GroupDeltas) throws {
        guard !deltas.isEmpty else { return }
        try createDeltaTables()
        let keys = deltas.byKey.keys.sorted()
        try connection.copyIn(SettlementGroupsTable.copyDeltas, rows: keys) { key, encoder in
            let delta = deltas.byKey[key]!
            guard let net = Int64(exactly: delta.net), let payments = Int64(exactly: delta.payments),
                let refunds = Int64(exactly: delta.refunds), let chargebacks = Int64(exactly: delta.chargebacks),
                let fees = Int64(exactly: delta.fees), let adjustments = Int64(exactly: delta.adjustments)
            else { throw GroupNetOverflow(merchantID: key.merchantID, settlementRef: key.settlementRef, currency: key.currency) }
            SettlementGroupsTable.appendDeltaRow(
                merchantID: key.merchantID, settlementRef: key.settlementRef, currency: key.currency,
                sums: (net, payments, refunds, chargebacks, fees, adjustments), count: delta.count,
                settlementDaysSince2000: Int32(delta.latestSettlementDay - CalendarMath.postgresEpochOffsetDays),
                to: &encoder)
        }
        let groupIDs = try upsertGroups(keys)
        try connection.copyIn(SettlementGroupsTable.copyFiles, rows: keys.indices) { index, encoder in
            let key = keys[index]
            try deltas.byKey[key]!.forEachShare { share in
                guard let amount = Int64(exactly: share.amount) else {
                    throw GroupNetOverflow(merchantID: key.merchantID, settlementRef: key.settlementRef, currency: key.currency)
                }
                SettlementGroupsTable.appendFileRow(
                    groupID: groupIDs[index], batchID: batchID, type: share.type.rawValue, count: share.count,
                    amount: amount, firstLines: share.firstLines,
                    settlementDaysSince2000: (
                        Int32(share.earliestSettlementDay - CalendarMath.postgresEpochOffsetDays),
                        Int32(share.latestSettlementDay - CalendarMath.postgresEpochOffsetDays)),
                    to: &encoder)
            }
        }
        try connection.execute(SettlementGroupsTable.clearDeltas)
    }

    /// Upserts the copied deltas; returns the group ids in the order of
    /// `keys` (sorted as the statement sorts, so the rows usually come back
    /// in that order; if not, they are matched by key).
    private func upsertGroups(_ keys: [GroupDeltas.Key]) throws -> [Int64] {
        let upserted = try refusingOverflow { try connection.execute(SettlementGroupsTable.upsertGroups(source: source)) }
        guard upserted.rowCount == keys.count else {
            throw InternalError("\(keys.count) settlement groups were upserted but \(upserted.rowCount) came back")
        }
        func key(_ row: Int) -> GroupDeltas.Key {
            GroupDeltas.Key(
                merchantID: upserted.string(row: row, column: 1) ?? "", settlementRef: upserted.string(row: row, column: 2) ?? "",
                currency: upserted.string(row: row, column: 3) ?? "")
        }
        var ids = [Int64]()
        ids.reserveCapacity(keys.count)
        for row in keys.indices {
            guard key(row) == keys[row], let id = upserted.int64(row: row, column: 0) else { break }
            ids.append(id)
        }
        if ids.count == keys.count { return ids }
        var idByKey = [GroupDeltas.Key: Int64](minimumCapacity: keys.count)
        for row in 0..<upserted.rowCount { idByKey[key(row)] = upserted.int64(row: row, column: 0) }
        return try keys.map { key in
            guard let id = idByKey[key] else {
                throw InternalError("settlement group \(key.merchantID)/\(key.settlementRef)/\(key.currency) was not upserted")
            }
            return id
        }
    }

    private func createDeltaTables() throws {
        try connection.execute(SettlementGroupsTable.createDeltaTable)
        try connection.execute(SettlementGroupsTable.createFileDeltaTable)
    }

    /// Careful path: runs `settling` (an insert into transactions returning
    /// the group columns and `line`, after the CTEs `ctes`) and adds what it inserted;
    /// returns how many rows and their net per currency.
    func applySettling(with ctes: SQL, _ settling: SQL) throws -> (count: Int64, netByCurrency: [String: Int64]) {
        try createDeltaTables()
        try connection.execute(SettlementGroupsTable.insertDeltas(with: ctes, fromSettling: settling))
        let inserted = try connection.execute(SettlementGroupsTable.deltaTransactionCount).int64(row: 0, column: 0) ?? 0
        var nets: [String: Int64] = [:]
        let sums = try refusingOverflow { try connection.execute(SettlementGroupsTable.deltaNetByCurrency) }
        for row in 0..<sums.rowCount { nets[sums.string(row: row, column: 0)!] = sums.int64(row: row, column: 1) ?? 0 }
        try addToGroups()
        return (inserted, nets)
    }

    private func addToGroups() throws {
        try refusingOverflow { try connection.execute(SettlementGroupsTable.applyDeltas(source: source, batchID: batchID)) }
        try connection.execute(SettlementGroupsTable.clearDeltas)
    }

    /// A sum beyond a bigint (22003) is the batch's fault: say so.
    @discardableResult
    private func refusingOverflow(_ body: () throws -> QueryResult) throws -> QueryResult {
        do {
            return try body()
        } catch {
            if (error as? DatabaseError)?.sqlState == Self.numericOutOfRange {
                throw GroupNetOverflow(merchantID: nil, settlementRef: nil, currency: nil)
            }
            throw error
        }
    }
}

/// A batch would carry a settlement group's sums beyond what a bigint holds.
struct GroupNetOverflow: Error, CustomStringConvertible {
    let merchantID: String?
    let settlementRef: String?
    let currency: String?

    var description: String {
        let group = merchantID.map { "settlement group \($0)/\(settlementRef ?? "")/\(currency ?? "")" } ?? "a settlement group"
        return "\(group): with this file its transactions would sum beyond ±9223372036854775807 minor units, which recon "
            + "cannot store; nothing of the file was settled; check the amounts of this file with its provider"
    }
}
