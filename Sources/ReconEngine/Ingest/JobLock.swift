import ReconStore

/// The per-job lock of SPEC §7: one `recon run` of a job at a time. A session
/// advisory lock, so a crashed run releases it with its connection.
struct JobLock {
    /// Namespace for the two-int advisory lock form (batch claims use the
    /// one-bigint form, a separate key space).
    static let namespace: Int32 = 0x7263_6E6A  // "rcnj"

    let connection: PostgresConnection
    let job: String

    func acquire(wait: Bool) throws {
        let function = wait ? "pg_advisory_lock" : "pg_try_advisory_lock"
        let result = try connection.execute(
            "select \(function)($1::int4, hashtext($2))::text", [.int32(Self.namespace), .text(job)])
        if !wait && result.string(row: 0, column: 0) != "true" { throw JobLocked(job: job) }
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
