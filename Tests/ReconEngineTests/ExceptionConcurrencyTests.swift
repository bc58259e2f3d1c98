import Foundation
import ReconCore
import ReconEngine
import ReconStore
import XCTest

/// Who may change what (the audit log is append-only for operators) and two
/// people changing one exception at once (SPEC §9, issue 12 points 4 and 5).
final class ExceptionConcurrencyTests: XCTestCase {
    private let runDate = CivilDate(iso: "2026-11-21")!

    /// One open exception, made by the nightly sync itself.
    private func oneException(_ database: TestDatabase) throws -> ExceptionID {
        let mismatch = Mismatch(
            kind: .missingInBank, settlementRef: "PO-9", merchantID: "acme", currency: "EUR", expectedAmount: 1_000,
            transactionCount: 1, detail: "no line")
        let marks = try ExceptionStore(connection: try database.connect(), job: "test-job")
            .sync(mismatches: [mismatch], runDate: runDate)
        return marks.mark(mismatch).id
    }

    private func job(_ database: TestDatabase) throws -> Scenario {
        try Scenario(keys: [.init(id: "k-hmac", algorithm: .hmacSHA256, merchants: ["acme"])])
    }

    /// recon_app (the operators' role) works exceptions and adds audit
    /// entries, and is refused UPDATE and DELETE on the log.
    func testTheOperatorsRoleCanAppendToTheAuditLogButNotChangeIt() throws {
        let database = try TestDatabase()
        let id = try oneException(database)
        let scenario = try job(database)
        let asApp = database.database(asRole: "recon_app")
        let result = try ReconCommand.run([
            "exceptions", "ack", scenario.jobPath, id.text, "--owner", "ana", "--by", "ana", "--database-url", asApp.url!,
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let app = try asApp.connect()
        XCTAssertEqual(try app.execute("select current_user").string(row: 0, column: 0), "recon_app")
        try app.execute(
            "insert into recon_audit_log (by_name, action, job, note) values ('ana', 'note', 'test-job', 'added by hand')")
        XCTAssertEqual(try database.count("select count(*) from recon_audit_log"), 2)
        for statement in [
            "update recon_audit_log set note = 'rewritten'",
            "delete from recon_audit_log",
            "truncate recon_audit_log",
        ] {
            XCTAssertThrowsError(try app.execute(statement), statement) { error in
                XCTAssertEqual((error as? DatabaseError)?.sqlState, "42501", "\(statement): \(error)")
                XCTAssertTrue("\(error)".contains("permission denied"), "\(error)")
            }
        }
        XCTAssertEqual(try database.count("select count(*) from recon_audit_log"), 2)
        XCTAssertEqual(try database.count("select count(*) from recon_audit_log where note = 'rewritten'"), 0)
    }

    /// Two `recon exceptions resolve` of one exception at once. Both read
    /// it while a third session holds its row lock, so both reach their
    /// UPDATE with the same version; then the lock goes. Exactly one wins;
    /// the other exits 75 naming the winner; one resolve entry in the log.
    func testTwoPeopleResolvingAtOnceOneWinsTheOtherIsToldWho() throws {
        let database = try TestDatabase()
        let id = try oneException(database)
        let scenario = try job(database)
        let holder = try database.connect()
        try holder.execute("begin")
        try holder.execute("select 1 from recon_exceptions where exception_id = $1 for update", [.text(id.text)])

        let people = ["ana", "bo"]
        let processes = try people.map { person in
            try StartedCommand([
                "exceptions", "resolve", scenario.jobPath, id.text, "--reason", "write_off", "--note", "by \(person)",
                "--by", person, "--database-url", database.url,
            ])
        }
        // Both are blocked on the row lock at their UPDATE (they read the
        // row without waiting). Polled, never timed: a deadline only stops a hang.
        let deadline = Date().addingTimeInterval(60)
        while try database.count(
            """
            select count(*) from pg_stat_activity
            where wait_event_type = 'Lock' and query like 'update recon_exceptions%' and datname = current_database()
            """) < 2
        {
            XCTAssertLessThan(Date(), deadline, "the two commands never both reached their update")
            if Date() > deadline { break }
            usleep(20_000)
        }
        try holder.execute("commit")
        let results = processes.map { $0.wait() }

        XCTAssertEqual(results.map(\.status).sorted(), [0, 75], results.map(\.stderr).joined())
        let winner = people[results.firstIndex { $0.status == 0 }!]
        let loser = results.first { $0.status == 75 }!
        XCTAssertTrue(loser.stderr.contains("changed by \(winner)"), loser.stderr)
        XCTAssertTrue(loser.stderr.contains("nothing changed"), loser.stderr)
        XCTAssertEqual(
            try database.scalar("select state || ' ' || changed_by || ' ' || last_note || ' v' || version from recon_exceptions"),
            "resolved \(winner) by \(winner) v2")
        XCTAssertEqual(try database.count("select count(*) from recon_audit_log where action = 'resolve'"), 1)
    }

    /// A change made between the sync reading and writing is not lost:
    /// a person's resolution made before the night is kept by it.
    func testTheNightSeesAResolutionMadeBeforeIt() throws {
        let database = try TestDatabase()
        let id = try oneException(database)
        let store = ExceptionStore(connection: try database.connect(), job: "test-job")
        _ = try store.apply(.resolve(reason: .explained, note: "paid by cheque"), to: id, by: "ana")
        let mismatch = Mismatch(
            kind: .missingInBank, settlementRef: "PO-9", merchantID: "acme", currency: "EUR", expectedAmount: 1_000,
            transactionCount: 1, detail: "no line")
        let marks = try store.sync(mismatches: [mismatch], runDate: runDate.adding(days: 1)!)
        XCTAssertEqual(marks.mark(mismatch).state, .resolved)
        XCTAssertEqual(marks.listed([mismatch]), [])
        XCTAssertEqual(try store.find(id).first?.changedBy, "ana")
    }
}

/// The `recon` binary started and left running, its output collected.
final class StartedCommand {
    private let process = Process()
    private let out = Pipe(), err = Pipe()

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.reconExecutable)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        try process.run()
    }

    func wait() -> ReconCommand.Result {
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ReconCommand.Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
