import Dispatch
import ReconCore
import ReconStore

/// Reads the night's open bank lines on a second session while the first
/// one releases the night's earlier decisions and has the server aggregate
/// the groups — a second or more during which the client would otherwise
/// wait on one core.
///
/// The second session sees only committed matches, so it misses the lines
/// whose matches the first session's transaction has just released;
/// ``handOver(released:)`` adds those, and then this thread indexes them all.
final class OpenLinesReading: @unchecked Sendable {
    // Written by the reading thread before `done` is left and read by the
    // caller after `done.wait()`, or written by the caller before
    // `releasedReady` is signalled and read by the thread after it waited.
    private var lines = ReferencePrematcher.Lines()
    private var released: ReferencePrematcher.Lines?
    private var failure: Error?
    private let releasedReady = DispatchSemaphore(value: 0)
    private let done = DispatchGroup()
    private var handedOver = false

    /// Starts reading at once on a session from `connect`.
    init(job: JobFile, connect: @escaping @Sendable () throws -> PostgresConnection) {
        done.enter()
        DispatchQueue.global().async { [self] in
            defer { done.leave() }
            do {
                let reader = try connect()
                defer { reader.close() }
                lines = try Self.stream(
                    on: reader, job: job,
                    where: "not exists (select 1 from recon_matches m where m.bank_line_id = l.id)")
            } catch {
                failure = error
            }
            releasedReady.wait()
            guard failure == nil, let released else { return }
            lines.append(released)
            lines.index()
        }
    }

    /// Gives the reading thread the lines released on `connection` (in
    /// `reconcile_released_lines`), read there since only that session sees
    /// them open. `nil` when the caller gives up: the thread then stops.
    func handOver(released: ReferencePrematcher.Lines?) {
        precondition(!handedOver, "handed over twice")
        handedOver = true
        self.released = released
        releasedReady.signal()
    }

    /// Whether ``finish()`` would return at once.
    var isFinished: Bool { handedOver && done.wait(timeout: .now()) == .success }

    /// Every open line, indexed; waits for the reading thread.
    func finish() throws -> ReferencePrematcher.Lines {
        precondition(handedOver, "handOver(released:) first")
        done.wait()
        if let failure { throw failure }
        return lines
    }

    /// Stops the reading thread if nothing was handed over and waits for it,
    /// so no session outlives the night (for `defer`).
    func abandon() {
        if !handedOver { handOver(released: nil) }
        done.wait()
    }

    /// The lines released in this transaction, read on its own session.
    static func released(on connection: PostgresConnection, job: JobFile, count: Int) throws -> ReferencePrematcher.Lines {
        guard count > 0 else { return ReferencePrematcher.Lines() }
        return try stream(on: connection, job: job, where: "l.id in (select id from reconcile_released_lines)")
    }

    private static func stream(on connection: PostgresConnection, job: JobFile, where condition: String) throws
        -> ReferencePrematcher.Lines
    {
        let jobName = try connection.escapeLiteral(job.name)
        let epoch = CalendarMath.postgresEpochOffsetDays
        var lines = ReferencePrematcher.Lines()
        try connection.copyOut(
            """
            select l.id, l.reference, l.amount, l.currency, l.booking_date from bank_lines l
            where l.job = \(jobName) and \(condition)
            """
        ) { row in
            lines.add(
                id: row.int64(0)!, reference: row.bytes(1), amount: row.int64(2)!, currency: row.bytes(3)!,
                bookingDay: Int(row.int32(4)!) + epoch)
        }
        return lines
    }
}
