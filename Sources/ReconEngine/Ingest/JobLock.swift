import ReconStore

/// How long a command waits for its job's lock before exiting 75.
public enum LockWait: Sendable, Equatable {
    /// Exit 75 at once (the default).
    case no
    /// `--wait`: as long as it takes.
    case forever
    /// `--wait-lock DURATION`: up to this long, then exit 75 naming the holder.
    case upTo(milliseconds: Int)

    public init(wait: Bool) { self = wait ? .forever : .no }
}

/// The per-job lock of SPEC §7: one `recon run` of a job at a time. A session
/// advisory lock, so a crashed run releases it with its connection.
struct JobLock {
    private static let lockNotAvailable = "55P03"

    let connection: PostgresConnection
    let job: String

    func acquire(wait: Bool) throws {
        try acquire(LockWait(wait: wait))
    }

    func acquire(_ wait: LockWait) throws {
        // A session lock held through a pooler that hands the server session
        // to someone else after each transaction would lock nothing.
        try PoolerCheck.requireSessionPooling(connection)
        switch wait {
        case .forever:
            try connection.execute(JobLockQueries.lock(job: job))
        case .no:
            let result = try connection.execute(JobLockQueries.tryLock(job: job))
            if result.string(row: 0, column: 0) != "true" {
                throw JobLocked(job: job, holder: try holder())
            }
        case .upTo(let milliseconds):
            do {
                // The lock is a session lock: it outlives this transaction,
                // whose only purpose is to scope the lock_timeout.
                try connection.transaction {
                    try connection.execute(LocalSettings.lockTimeout(milliseconds: milliseconds))
                    try connection.execute(JobLockQueries.lock(job: job))
                }
            } catch let error as DatabaseError where error.sqlState == Self.lockNotAvailable {
                throw JobLocked(job: job, holder: try holder(), waitedMilliseconds: milliseconds)
            }
        }
    }

    /// Who holds the job's lock, as a person needs it to decide: backend pid,
    /// program and client, since when, and what the session is doing. nil
    /// when the holder is gone by now or not visible to this role.
    func holder() throws -> JobLockHolder? {
        try JobLockQueries.decodeHolder(connection.execute(JobLockQueries.holder(job: job)))
    }
}

/// The session holding a job's lock, for the exit-75 message. `query` is
/// the statement the session runs (or ran last, when idle); recon binds
/// every value, so its own statements hold no data, and it is shortened to
/// its start.
public typealias JobLockHolder = JobLockQueries.Holder

extension JobLockQueries.Holder: CustomStringConvertible {
    public var description: String {
        var text = "backend pid \(backendPID) (\(applicationName), \(client)), connected since \(connectedSinceUTC) UTC"
        text += " (\(Self.span(connectedSeconds)) ago), \(state) for \(Self.span(stateSeconds))"
        if !waitEvent.isEmpty { text += ", waiting on \(waitEvent)" }
        let statement = Self.shortened(query)
        if !statement.isEmpty { text += state == "active" ? ", running: \(statement)" : ", last statement: \(statement)" }
        return text
    }

    static func span(_ seconds: Int) -> String {
        if seconds < 120 { return "\(seconds) s" }
        if seconds < 7200 { return "\(seconds / 60) min" }
        return "\(seconds / 3600) h"
    }

    static func shortened(_ query: String, limit: Int = 72) -> String {
        let words = query.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        let flat = words.joined(separator: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit)) + " …"
    }
}

extension LockWait {
    /// `--wait-lock DURATION`: a whole number with a unit, `500ms`, `30s`,
    /// `2m`, `1h`, or bare seconds (`90`). nil for anything else (a usage error).
    public init?(duration text: String) {
        let units: [(suffix: String, milliseconds: Int)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        var digits = Substring(text)
        var scale = 1000
        for unit in units where text.hasSuffix(unit.suffix) {
            digits = text.dropLast(unit.suffix.count)
            scale = unit.milliseconds
            break
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            let value = Int(digits), value <= 24 * 3_600_000 / scale
        else { return nil }
        self = .upTo(milliseconds: value * scale)
    }
}

extension JobLock {
    func release() throws {
        try connection.execute(JobLockQueries.unlock(job: job))
    }

    /// Releases the lock at the end of a command instead of leaving it to the
    /// disconnect: the server ends a closed session's backend (and frees its
    /// locks) a moment after the client has gone, and a command started right
    /// after this one (a script, a test) would find the job still locked. If
    /// the session cannot run the unlock (a failed transaction), the
    /// disconnect still frees it.
    func releaseBeforeDisconnect() {
        try? release()
    }
}
