import ReconCore
import ReconStore

/// No exception of the job has this id (SPEC §9: exit 64, nothing changed).
public struct ExceptionNotFound: Error, CustomStringConvertible, Sendable {
    public let id: String
    public let job: String
    public var description: String {
        "no exception \(id) in job '\(job)': nothing changed (recon exceptions list JOB --state all shows every id)"
    }
}

/// The change does not apply to the exception as it is (exit 64, nothing changed).
public struct ExceptionChangeRefused: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Someone else changed the exception between this command reading it and
/// writing it: their change stands, this one was not applied (exit 75).
public struct ExceptionChangedConcurrently: Error, CustomStringConvertible, Sendable {
    public let id: ExceptionID
    public let changedBy: String
    public let changedAt: String
    public let state: ExceptionState
    public var description: String {
        "\(id) was changed by \(changedBy) at \(changedAt) while this command ran (it is now \(state.rawValue)): "
            + "nothing changed; look at it again and repeat the command if it is still needed"
    }
}

extension ExceptionStore {
    /// What a change did, for the command to print.
    public struct Applied: Sendable {
        public var before: Record
        public var after: Record
    }

    /// Applies a person's change with optimistic versioning: the row is
    /// read, the change checked against its state, then written only where
    /// its version is still the one read, with its audit entry, in one
    /// transaction. Two people changing one exception at once: the first
    /// write wins, the second finds the version moved and is refused with
    /// who changed it; no update is lost.
    public func apply(_ change: ExceptionChange, to id: ExceptionID, by person: String) throws -> Applied {
        let found = try find(id)
        guard let current = found.first else { throw ExceptionNotFound(id: id.text, job: job) }
        guard found.count == 1 else {
            throw ExceptionChangeRefused(
                description: "\(id) names \(found.count) exceptions (an id collision): nothing changed; "
                    + "report this to the recon developers")
        }
        let outcome: ExceptionChange.Outcome
        switch change.apply(to: current.state, owner: current.owner) {
        case .success(let value): outcome = value
        case .failure(let refusal):
            throw ExceptionChangeRefused(
                description: "cannot \(change.action) \(id): \(refusal) (last changed by \(current.changedBy) "
                    + "at \(current.changedAt)); nothing changed")
        }
        return try connection.transaction {
            let updated = try connection.execute(
                """
                update recon_exceptions set state = $4, owner = $5, resolution = $6, last_note = coalesce($7, last_note),
                    version = version + 1, changed_at = now(), changed_by = $8
                where job = $1 and identity = $2 and version = $3
                returning version
                """,
                [
                    .text(job), .text(current.identity), .int64(current.version), .text(outcome.state.rawValue),
                    outcome.owner.map { .text($0) }, outcome.resolution.map { .text($0.rawValue) },
                    change.note.map { .text($0) }, .text(person),
                ])
            guard updated.rowCount == 1 else {
                let now = try find(id).first ?? current
                throw ExceptionChangedConcurrently(id: id, changedBy: now.changedBy, changedAt: now.changedAt, state: now.state)
            }
            try connection.execute(
                """
                insert into recon_audit_log (by_name, action, job, exception_id, identity, items, from_state, to_state, note)
                select $3, $4, e.job, e.exception_id, e.identity,
                       \(Self.itemsJSON) || jsonb_strip_nulls(jsonb_build_object('owner', $6::text, 'reason', $7::text)),
                       $5, e.state, $8
                from recon_exceptions e where e.job = $1 and e.identity = $2
                """,
                [
                    .text(job), .text(current.identity), .text(person), .text(change.action), .text(current.state.rawValue),
                    outcome.owner.map { .text($0) }, outcome.resolution.map { .text($0.rawValue) }, change.note.map { .text($0) },
                ])
            let after = try find(id).first { $0.identity == current.identity } ?? current
            return Applied(before: current, after: after)
        }
    }
}
