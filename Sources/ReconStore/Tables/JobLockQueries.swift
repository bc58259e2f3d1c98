/// The per-job advisory lock (SPEC §7): the two-int form, keyed by a
/// namespace of recon's and the job name's hash. Batch claims use the
/// one-bigint form (``PostgresConnection/tryAdvisoryLock(key:)``), a separate
/// key space in PostgreSQL.
public enum JobLockQueries {
    /// "rcnj"
    public static let namespace: Int32 = 0x7263_6E6A

    public static func lock(job: String) -> SQL {
        "select pg_advisory_lock(\(.int32(namespace))::int4, hashtext(\(job)))"
    }

    /// One row, `true` when taken.
    public static func tryLock(job: String) -> SQL {
        "select pg_try_advisory_lock(\(.int32(namespace))::int4, hashtext(\(job)))::text"
    }

    public static func unlock(job: String) -> SQL {
        "select pg_advisory_unlock(\(.int32(namespace))::int4, hashtext(\(job)))"
    }

    /// The session holding the job's lock, as ``decodeHolder`` reads it;
    /// no row when nobody holds it or the holder is not visible to this role.
    public static func holder(job: String) -> SQL {
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
          and l.classid = \(.int32(namespace))::int4::oid and l.objid = hashtext(\(job))::oid
        limit 1
        """
    }

    public struct Holder: Sendable {
        public var backendPID: String
        public var applicationName: String
        public var client: String
        public var connectedSinceUTC: String
        public var connectedSeconds: Int
        public var state: String
        public var stateSeconds: Int
        public var waitEvent: String
        public var query: String
    }

    public static func decodeHolder(_ result: QueryResult) -> Holder? {
        guard result.rowCount > 0 else { return nil }
        func text(_ column: Int) -> String { result.string(row: 0, column: column) ?? "" }
        return Holder(
            backendPID: text(0), applicationName: text(1), client: text(2), connectedSinceUTC: text(3),
            connectedSeconds: Int(text(4)) ?? 0, state: text(5), stateSeconds: Int(text(6)) ?? 0,
            waitEvent: text(7), query: text(8))
    }
}
