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
                ExceptionsTable.applyChange(
                    job: job, identity: current.identity, version: current.version, state: outcome.state.rawValue,
                    owner: outcome.owner, resolution: outcome.resolution?.rawValue, note: change.note, by: person))
            guard updated.rowCount == 1 else {
                let now = try find(id).first ?? current
                throw ExceptionChangedConcurrently(id: id, changedBy: now.changedBy, changedAt: now.changedAt, state: now.state)
            }
            try connection.execute(
                ExceptionsTable.auditChange(
                    job: job, identity: current.identity, by: person, action: change.action,
                    fromState: current.state.rawValue, owner: outcome.owner, reason: outcome.resolution?.rawValue,
                    note: change.note))
            let after = try find(id).first { $0.identity == current.identity } ?? current
            return Applied(before: current, after: after)
        }
    }
}
