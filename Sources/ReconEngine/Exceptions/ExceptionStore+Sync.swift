import ReconCore
import ReconStore

extension ExceptionStore {
    /// Brings the exceptions up to date with tonight's mismatches (SPEC §9,
    /// automatic transitions: ``ExceptionSyncRule``) in one transaction, and
    /// returns the id and state of each mismatch for the reports.
    ///
    /// The exceptions it decides on are locked (`FOR UPDATE`) first: a change
    /// a person commits before is seen by the sync; one that comes during
    /// waits, then finds the row's version moved on if the sync changed it
    /// (``apply(_:to:by:)`` refuses, naming recon), so nothing is half-applied.
    public func sync(mismatches: [Mismatch], runDate: CivilDate) throws -> ExceptionMarks {
        var seen = Set<String>()
        let tonight = mismatches.compactMap { mismatch -> (identity: String, mismatch: Mismatch)? in
            let identity = mismatch.identity
            return seen.insert(identity).inserted ? (identity, mismatch) : nil
        }
        return try connection.transaction {
            try connection.execute(ExceptionsTable.createTonight)
            try connection.copyIn(ExceptionsTable.copyTonight, rows: tonight) { row, encoder in
                encoder.beginRow(fieldCount: 1)
                encoder.appendText(row.identity)
            }
            let stored = try lockStored()
            var marks: [String: ExceptionMarks.Mark] = [:]
            var creates: [(identity: String, mismatch: Mismatch)] = []
            var changes: [SyncChange] = []
            for (identity, mismatch) in tonight {
                let facts = ExceptionFacts(mismatch)
                let old = stored[identity]
                let decision = ExceptionSyncRule.found(
                    facts, currency: mismatch.currency, stored: old.map { ($0.state, $0.facts) }, runDate: runDate)
                let id = old?.id ?? ExceptionID(identity: identity)
                switch decision {
                case .create:
                    creates.append((identity, mismatch))
                    marks[identity] = .init(id: id, state: .open)
                case .keep:
                    marks[identity] = .init(id: id, state: old!.state, owner: old!.owner)
                case .refresh:
                    changes.append(SyncChange(identity: identity, state: old!.state, mismatch: mismatch, note: nil, from: old!.state))
                    marks[identity] = .init(id: id, state: old!.state, owner: old!.owner)
                case .reopen(let note):
                    changes.append(SyncChange(identity: identity, state: .open, mismatch: mismatch, note: note, from: old!.state))
                    marks[identity] = .init(id: id, state: .open)
                }
            }
            for (identity, old) in stored where marks[identity] == nil {
                guard let note = ExceptionSyncRule.absent(state: old.state, runDate: runDate) else { continue }
                changes.append(SyncChange(identity: identity, state: .cleared, mismatch: nil, note: note, from: old.state))
            }
            try insert(creates, runDate: runDate)
            try update(changes, runDate: runDate)
            return ExceptionMarks(marks)
        }
    }

    struct Stored {
        var id: ExceptionID
        var state: ExceptionState
        var owner: String?
        var facts: ExceptionFacts
    }

    struct SyncChange {
        var identity: String
        var state: ExceptionState
        /// Tonight's mismatch, whose facts replace the stored ones; nil when clearing.
        var mismatch: Mismatch?
        var note: String?
        var from: ExceptionState
    }

    /// The exceptions tonight can change: the listed ones (they may clear)
    /// and every one reported tonight, locked until the sync commits.
    private func lockStored() throws -> [String: Stored] {
        let result = try connection.execute(ExceptionsTable.lockForSync(job: job))
        var stored: [String: Stored] = [:]
        stored.reserveCapacity(result.rowCount)
        for row in 0..<result.rowCount {
            guard let id = ExceptionID(typed: result.string(row: row, column: 1) ?? ""),
                let state = ExceptionState(rawValue: result.string(row: row, column: 2) ?? "")
            else { continue }
            let facts = ExceptionFacts(
                expectedAmount: result.int64(row: row, column: 4), bankAmount: result.int64(row: row, column: 5),
                difference: result.int64(row: row, column: 6),
                transactionCount: result.int32(row: row, column: 7).map(Int.init),
                settlementDate: result.string(row: row, column: 8).flatMap(CivilDate.init(iso:)),
                bookingDate: result.string(row: row, column: 9).flatMap(CivilDate.init(iso:)),
                detail: result.string(row: row, column: 10) ?? "")
            stored[result.string(row: row, column: 0)!] = Stored(
                id: id, state: state, owner: result.string(row: row, column: 3), facts: facts)
        }
        return stored
    }

    private func insert(_ creates: [(identity: String, mismatch: Mismatch)], runDate: CivilDate) throws {
        guard !creates.isEmpty else { return }
        try connection.copyIn(ExceptionsTable.copyNew, rows: creates) { row, encoder in
            let mismatch = row.mismatch
            encoder.beginRow(fieldCount: Int16(ExceptionsTable.newColumns.count))
            encoder.appendText(job)
            encoder.appendText(row.identity)
            encoder.appendText(ExceptionID(identity: row.identity).text)
            encoder.appendText(mismatch.kind.rawValue)
            Self.appendFacts(mismatch, to: &encoder, runDate: runDate, withItems: true)
            encoder.appendText(Self.reconName)
        }
    }

    /// Items (when asked), the facts and first_seen of `mismatch`, in the
    /// column order of both COPYs (`ExceptionsTable.newColumns`, `createChanges`).
    static func appendFacts(_ mismatch: Mismatch, to encoder: inout BinaryCopyEncoder, runDate: CivilDate, withItems: Bool) {
        func text(_ value: String?) { if let value { encoder.appendText(StorableText.clean(value)) } else { encoder.appendNull() } }
        func int64(_ value: Int64?) { if let value { encoder.appendInt64(value) } else { encoder.appendNull() } }
        func date(_ value: CivilDate?) {
            if let value {
                encoder.appendDate(daysSince2000: Int32(value.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays))
            } else {
                encoder.appendNull()
            }
        }
        if withItems {
            text(mismatch.merchantID)
            text(mismatch.settlementRef)
            text(mismatch.currency)
            text(mismatch.bankAccount)
            text(mismatch.bankTxnID)
            int64(mismatch.bankLineID)
        }
        int64(mismatch.expectedAmount)
        int64(mismatch.bankAmount)
        int64(mismatch.difference)
        int64(mismatch.atStake)
        if let count = mismatch.transactionCount { encoder.appendInt32(Int32(clamping: count)) } else { encoder.appendNull() }
        date(mismatch.settlementDate)
        date(mismatch.bookingDate)
        encoder.appendText(StorableText.clean(mismatch.detail))
        date(mismatch.firstSeen ?? runDate)
    }

    /// Refreshes, reopens and clears in two statements: the changes go to a
    /// temporary table, then one UPDATE and one audit INSERT read it.
    private func update(_ changes: [SyncChange], runDate: CivilDate) throws {
        guard !changes.isEmpty else { return }
        try connection.execute(ExceptionsTable.createChanges)
        try connection.copyIn(ExceptionsTable.copyChanges, rows: changes) { change, encoder in
            encoder.beginRow(fieldCount: ExceptionsTable.changeFieldCount)
            encoder.appendText(change.identity)
            encoder.appendText(change.state.rawValue)
            encoder.appendBool(change.mismatch != nil)
            if let mismatch = change.mismatch {
                Self.appendFacts(mismatch, to: &encoder, runDate: runDate, withItems: false)
            } else {
                for _ in 0..<9 { encoder.appendNull() }
            }
            if let note = change.note { encoder.appendText(note) } else { encoder.appendNull() }
            encoder.appendText(change.from.rawValue)
        }
        try connection.execute(ExceptionsTable.applyChanges(job: job, by: Self.reconName))
        try connection.execute(ExceptionsTable.auditChanges(job: job, by: Self.reconName))
    }
}
