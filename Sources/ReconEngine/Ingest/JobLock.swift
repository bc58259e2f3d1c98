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
    /// Namespace for the two-int advisory lock form (batch claims use the
    /// one-bigint form, a separate key space).
    static let namespace: Int32 = 0x7263_6E6A  // "rcnj"
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
        let key: [PostgresValue?] = [.int32(Self.namespace), .text(job)]
        switch wait {
        case .forever:
            try connection.execute("select pg_advisory_lock($1::int4, hashtext($2))", key)
        case .no:
            let result = try connection.execute("select pg_try_advisory_lock($1::int4, hashtext($2))::text", key)
            if result.string(row: 0, column: 0) != "true" {
                throw JobLocked(job: job, holder: try holder())
            }
        case .upTo(let milliseconds):
            do {
                // The lock is a session lock: it outlives this transaction,
                // whose only purpose is to scope the lock_timeout.
                try connection.transaction {
                    try connection.execute(
                        "select set_config('lock_timeout', $1, true)", [.text("\(max(milliseconds, 1))ms")])
                    try connection.execute("select pg_advisory_lock($1::int4, hashtext($2))", key)
                }
            } catch let error as DatabaseError where error.sqlState == Self.lockNotAvailable {
                throw JobLocked(job: job, holder: try holder(), waitedMilliseconds: milliseconds)
            }
        }
    }

    /// Who holds the job's lock, as a person needs it to decide: backend pid,
    /// program and client, since when, and what the session is doing. nil
    /// when the holder is gone by now or not visible to this role.
    private func holder() throws -> JobLockHolder? {
        let result = try connection.execute(
            """
            select a.pid::text, coalesce(nullif(a.application_name, ''), '?'),
                   coalesce(host(a.client_addr), 'local socket'),
                   to_char(a.backend_start at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
                   extract(epoch from now() - a.backend_start)::bigint::text,
                   coalesce(a.state, '?'),
                   extract(epoch from now() - coalesce(a.state_change, a.backend_start))::bigint::text,
                   coalesce(a.wait_event_type || '/' || a.wait_event, ''),
                   coalesce(a.query, '')
            from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and l.objsubid = 2
              and l.database = (select oid from pg_database where datname = current_database())
              and l.classid = $1::int4::oid and l.objid = hashtext($2)::oid
            limit 1
            """, [.int32(Self.namespace), .text(job)])
        guard result.rowCount > 0 else { return nil }
        func text(_ column: Int) -> String { result.string(row: 0, column: column) ?? "" }
        return JobLockHolder(
            backendPID: text(0), applicationName: text(1), client: text(2), connectedSinceUTC: text(3),
            connectedSeconds: Int(text(4)) ?? 0, state: text(5), stateSeconds: Int(text(6)) ?? 0,
            waitEvent: text(7), query: text(8))
    }
}

/// The session holding a job's lock, for the exit-75 message.
public struct JobLockHolder: Sendable, CustomStringConvertible {
    public var backendPID: String
    public var applicationName: String
    public var client: String
    public var connectedSinceUTC: String
    public var connectedSeconds: Int
    public var state: String
    public var stateSeconds: Int
    public var waitEvent: String
    /// The statement the session runs (or ran last, when idle). recon binds
    /// every value, so its own statements hold no data; shortened to its start.
    public var query: String

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
        try connection.execute("select pg_advisory_unlock($1::int4, hashtext($2))", [.int32(Self.namespace), .text(job)])
    }

    /// Who holds the lock: backend pid, application and since when, as
    /// `pg_stat_activity` tells (nil when nobody, or not visible to this role).
    func holder() throws -> String? {
        let rows = try connection.execute(
            """
            select a.pid, coalesce(nullif(a.application_name, ''), '?'), a.backend_start::text
            from pg_locks l join pg_stat_activity a using (pid)
            where l.locktype = 'advisory' and l.granted and l.objsubid = 2
              and l.classid::bigint = $1::bigint and l.objid::bigint = (hashtext($2)::bigint & 4294967295)
            limit 1
            """, [.int32(Self.namespace), .text(job)])
        guard rows.rowCount > 0 else { return nil }
        return "backend pid \(rows.string(row: 0, column: 0)!) (\(rows.string(row: 0, column: 1)!), connected since \(rows.string(row: 0, column: 2)!))"
    }
}
