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
            try connection.execute("create temporary table exception_sync_tonight (identity text) on commit drop")
            try connection.copyIn("copy exception_sync_tonight (identity) from stdin with (format binary)", rows: tonight) {
                row, encoder in
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
        let result = try connection.execute(
            """
            select e.identity, e.exception_id, e.state, e.owner, e.expected_amount, e.bank_amount, e.difference,
                   e.txn_count, e.settlement_date::text, e.booking_date::text, e.detail
            from recon_exceptions e
            where e.job = $1
              and (e.state in ('open', 'acknowledged')
                   or e.identity in (select identity from exception_sync_tonight))
            for update
            """, [.text(job)])
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
        try connection.copyIn(
            """
            copy recon_exceptions (job, identity, exception_id, kind, merchant_id, settlement_ref, currency,
                bank_account, bank_txn_id, bank_line_id, expected_amount, bank_amount, difference, at_stake, txn_count,
                settlement_date, booking_date, detail, first_seen, changed_by) from stdin with (format binary)
            """, rows: creates
        ) { row, encoder in
            let mismatch = row.mismatch
            encoder.beginRow(fieldCount: 20)
            encoder.appendText(job)
            encoder.appendText(row.identity)
            encoder.appendText(ExceptionID(identity: row.identity).text)
            encoder.appendText(mismatch.kind.rawValue)
            Self.appendFacts(mismatch, to: &encoder, runDate: runDate, withItems: true)
            encoder.appendText(Self.reconName)
        }
    }

    /// Items (when asked), the facts and first_seen of `mismatch`, in the
    /// column order of both COPYs.
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
        try connection.execute(
            """
            create temporary table exception_sync_changes (
                identity text, state text, has_facts boolean, expected_amount bigint, bank_amount bigint,
                difference bigint, at_stake bigint, txn_count integer, settlement_date date, booking_date date,
                detail text, first_seen date, note text, from_state text) on commit drop
            """)
        try connection.copyIn(
            "copy exception_sync_changes from stdin with (format binary)", rows: changes
        ) { change, encoder in
            encoder.beginRow(fieldCount: 14)
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
        try connection.execute(
            """
            update recon_exceptions e set
                state = c.state,
                owner = case when c.state = 'open' then null else e.owner end,
                resolution = null,
                expected_amount = case when c.has_facts then c.expected_amount else e.expected_amount end,
                bank_amount = case when c.has_facts then c.bank_amount else e.bank_amount end,
                difference = case when c.has_facts then c.difference else e.difference end,
                at_stake = case when c.has_facts then c.at_stake else e.at_stake end,
                txn_count = case when c.has_facts then c.txn_count else e.txn_count end,
                settlement_date = case when c.has_facts then c.settlement_date else e.settlement_date end,
                booking_date = case when c.has_facts then c.booking_date else e.booking_date end,
                detail = case when c.has_facts then c.detail else e.detail end,
                first_seen = least(e.first_seen, coalesce(c.first_seen, e.first_seen)),
                last_note = coalesce(c.note, e.last_note),
                version = e.version + 1, changed_at = now(), changed_by = $2
            from exception_sync_changes c
            where e.job = $1 and e.identity = c.identity
            """, [.text(job), .text(Self.reconName)])
        try connection.execute(
            """
            insert into recon_audit_log (by_name, action, job, exception_id, identity, items, from_state, to_state, note)
            select $2, case when c.state = 'cleared' then 'clear' else 'reopen' end, $1, e.exception_id, e.identity,
                   \(Self.itemsJSON), c.from_state, c.state, c.note
            from exception_sync_changes c join recon_exceptions e on e.job = $1 and e.identity = c.identity
            where c.note is not null
            order by e.exception_id
            """, [.text(job), .text(Self.reconName)])
    }
}
