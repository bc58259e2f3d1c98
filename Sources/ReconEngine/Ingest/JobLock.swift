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
