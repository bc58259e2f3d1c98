import Foundation
import Logging
import ReconCore
import ReconCrypto
import ReconStore

/// Imports the job's bank statement files: parses them, rejects statements
/// that fail the balance check (nothing of them is stored), stores each bank
/// line once across overlapping statements, and records statement gaps.
public struct StatementIngestor {
    let job: JobFile
    let connection: PostgresConnection
    let logger: Logger
    /// The run date: when gaps were found.
    let runDate: CivilDate

    public init(job: JobFile, connection: PostgresConnection, logger: Logger, runDate: CivilDate) {
        self.job = job
        self.connection = connection
        self.logger = logger
        self.runDate = runDate
    }

    /// Imports on a connection of its own, under the job lock.
    public static func importInbox(job: JobFile, database: Database, logger: Logger, wait: Bool) throws
        -> StatementImportReport
    {
        let connection = try database.connectReady()
        let lock = JobLock(connection: connection, job: job.name)
        try lock.acquire(wait: wait)
        defer { lock.releaseBeforeDisconnect() }
        let today = try RunDate.resolve(nil, timeZone: job.timeZoneIdentifier).adding(days: 1)!
        return try StatementIngestor(job: job, connection: connection, logger: logger, runDate: today).importInbox()
    }

    public func importInbox() throws -> StatementImportReport {
        var report = StatementImportReport()
        guard let inbox = job.bankStatements else { return report }
        let (files, refused) = try InboxScanner(folder: inbox.path, pattern: inbox.pattern).scan()
        for refusal in refused {
            report.files.append(.init(name: refusal.name, statements: 0, linesNew: 0, linesAlreadyKnown: 0, errors: [refusal.reason], alreadyImported: false))
        }
        var touchedAccounts: Set<String> = []
        for file in files {
            let result = try importFile(file, touchedAccounts: &touchedAccounts)
            report.files.append(result)
        }
        for account in touchedAccounts.sorted() {
            report.gapsFound += try recordGaps(account: account)
        }
        return report
    }

    private func importFile(_ file: InboxScanner.Entry, touchedAccounts: inout Set<String>) throws -> StatementImportReport.File {
        var result = StatementImportReport.File(name: file.name, statements: 0, linesNew: 0, linesAlreadyKnown: 0, errors: [], alreadyImported: false)
        // A file already imported (most of them, most nights) is recognised
        // by a streamed digest, without holding all of it in memory.
        let streamed: [UInt8]
        let head: [UInt8]
        do {
            streamed = try FileDigest.sha256(path: file.path)
            if try isImported(sha256: streamed) {
                result.alreadyImported = true
                return result
            }
            head = try FileContents.head(path: file.path, count: 4096)
        } catch let error as DatabaseError {
            throw error
        } catch {
            result.errors.append("\(error)")
            return result
        }
        let asked = job.bankStatements?.format.flatMap { $0 == "auto" ? nil : StatementFormat(rawValue: $0) }
        let format: StatementFormat
        do {
            format = try StatementReader.choose(asked, head: head, fileName: file.name)
        } catch {
            return refused(result, error)
        }
        if format == .camt053 { return try importWhole(file, result, streamed, &touchedAccounts) }
        // MT940, BAI2 and bank CSV are streamed into the file's transaction,
        // statement by statement: a refusal further on rolls back what came
        // before it, so the file is still imported whole or not at all.
        let bytes = DigestingFileSource(path: file.path)
        var touched: Set<String> = []
        do {
            result = try connection.transaction {
                var stored = result
                let fileID = try insertFile(sha256: streamed, name: file.name)
                try StatementReader.forEachStatement(bytes.source, fileName: file.name, format: format) { statement in
                    logNotes(statement, file: file.name)
                    try store(statement, fileID: fileID, file: file.name, into: &stored, touched: &touched)
                }
                // The file may have changed since it was hashed: what is
                // stored is the digest of the bytes parsed.
                guard bytes.lastDigest == streamed else { throw FileChangedWhileRead() }
                try connection.execute(
                    BankFilesTable.setCounts(fileID: fileID, statements: stored.statements, linesNew: stored.linesNew))
                return stored
            }
        } catch let error as StatementError {
            return refused(result, error)
        } catch is FileChangedWhileRead {
            if let parsed = bytes.lastDigest, try isImported(sha256: parsed) {
                result.alreadyImported = true
                return result
            }
            return refused(result, "\(file.name): the file changed while it was read; it is read again on the next import")
        }
        touchedAccounts.formUnion(touched)
        logImported(result)
        return result
    }

    /// camt.053 at import: read whole, then stored (its reader streams for
    /// `statement show`; import of camt has not been moved to the streamed path yet).
    private func importWhole(
        _ file: InboxScanner.Entry, _ result: StatementImportReport.File, _ streamed: [UInt8],
        _ touchedAccounts: inout Set<String>
    ) throws -> StatementImportReport.File {
        var result = result
        let bytes: [UInt8]
        do {
            bytes = try FileContents.read(path: file.path)
        } catch {
            result.errors.append("\(error)")
            return result
        }
        let sha256 = Digest.sha256(bytes)
        if sha256 != streamed, try isImported(sha256: sha256) {
            result.alreadyImported = true
            return result
        }
        let statements: [BankStatement]
        do {
            statements = try StatementReader.parse(bytes, fileName: file.name, format: .camt053)
        } catch {
            return refused(result, error)
        }
        for statement in statements { logNotes(statement, file: file.name) }
        try connection.transaction {
            let fileID = try insertFile(sha256: sha256, name: file.name)
            for statement in statements {
                try store(statement, fileID: fileID, file: file.name, into: &result, touched: &touchedAccounts)
            }
            try connection.execute(
                BankFilesTable.setCounts(fileID: fileID, statements: result.statements, linesNew: result.linesNew))
        }
        logImported(result)
        return result
    }

    private struct FileChangedWhileRead: Error {}

    /// The file is unusable: nothing of it is stored, and the one error says why.
    private func refused(_ result: StatementImportReport.File, _ error: Any) -> StatementImportReport.File {
        logger.error("bank file unusable", metadata: ["file": "\(result.name)", "error": "\(error)"])
        return StatementImportReport.File(
            name: result.name, statements: 0, linesNew: 0, linesAlreadyKnown: 0, errors: ["\(error)"],
            alreadyImported: false)
    }

    private func insertFile(sha256: [UInt8], name: String) throws -> Int64 {
        try connection.execute(BankFilesTable.insert(job: job.name, sha256: sha256, fileName: name)).int64(row: 0, column: 0)!
    }

    private func logNotes(_ statement: BankStatement, file: String) {
        for note in statement.notes {
            logger.warning("bank file read with a deviation", metadata: ["file": "\(file)", "note": "\(note)"])
        }
    }

    private func logImported(_ result: StatementImportReport.File) {
        logger.info(
            "bank file imported",
            metadata: ["file": "\(result.name)", "statements": "\(result.statements)", "lines_new": "\(result.linesNew)"])
    }

    /// Stores a statement that balances; one that does not is rejected whole
    /// (SPEC §4) and its error recorded.
    private func store(
        _ statement: BankStatement, fileID: Int64, file: String, into result: inout StatementImportReport.File,
        touched: inout Set<String>
    ) throws {
        if case .mismatch(let mismatch) = BalanceCheck.check(statement) {
            let error = BalanceCheck.error(for: mismatch, statement: statement, fileName: file)
            logger.error("statement rejected", metadata: ["file": "\(file)", "error": "\(error)"])
            result.errors.append(error.description)
            return
        }
        let inserted = try store(statement, fileID: fileID)
        result.statements += 1
        result.linesNew += inserted
        result.linesAlreadyKnown += statement.lines.count - inserted
        touched.insert(statement.account)
    }

    private func isImported(sha256: [UInt8]) throws -> Bool {
        try connection.execute(BankFilesTable.isImported(job: job.name, sha256: sha256)).rowCount > 0
    }

    /// Stores one statement and its lines; returns how many lines were new.
    private func store(_ statement: BankStatement, fileID: Int64) throws -> Int {
        let header = BankStatementsTable.Row(
            job: job.name, fileID: fileID, account: statement.account, currency: statement.currency?.code,
            sequence: statement.sequence, openingBalance: statement.openingBalance,
            closingBalance: statement.closingBalance, openingDate: statement.openingDate?.description,
            closingDate: statement.closingDate?.description, sourceLine: statement.sourceLine)
        let statementID = try connection.execute(BankStatementsTable.insert(header)).int64(row: 0, column: 0)!
        guard !statement.lines.isEmpty else { return 0 }
        for statement in BankLinesTable.prepareIncoming { try connection.execute(statement) }
        let keys = BankLineKey.keys(for: statement.lines)
        _ = try connection.copyIn(BankLinesTable.copyIncoming) { writer in
            var encoder = BinaryCopyEncoder()
            encoder.writeHeader()
            for (line, key) in zip(statement.lines, keys) {
                encoder.beginRow(fieldCount: Int16(BankLinesTable.incomingColumns.count))
                encoder.appendText(job.name)
                encoder.appendText(line.account)
                encoder.appendText(key)
                encoder.appendDate(daysSince2000: Int32(line.bookingDate.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays))
                if let value = line.valueDate {
                    encoder.appendDate(daysSince2000: Int32(value.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays))
                } else {
                    encoder.appendNull()
                }
                encoder.appendInt64(line.amount)
                encoder.appendText(line.currency.code)
                if let reference = line.reference { encoder.appendText(StorableText.clean(reference)) } else { encoder.appendNull() }
                encoder.appendText(StorableText.clean(line.description))
                if let id = line.bankTransactionID { encoder.appendText(StorableText.clean(id)) } else { encoder.appendNull() }
                encoder.appendInt64(statementID)
                encoder.appendInt32(Int32(clamping: line.sourceLine))
                try writer.sendIfFull(&encoder)
            }
            encoder.writeTrailer()
            try writer.send(&encoder)
        }
        let inserted = try connection.execute(BankLinesTable.insertNew)
        let insertedCount = Int(inserted.affectedRowCount ?? 0)
        try StatementOverlapStore.recordRepeats(
            connection: connection, statementID: statementID, incomingCount: statement.lines.count,
            insertedCount: insertedCount)
        return insertedCount
    }

    private func recordGaps(account: String) throws -> [String] {
        let rows = try connection.execute(BankStatementsTable.stored(job: job.name, account: account))
        let statements = BankStatementsTable.decodeStored(rows).map { stored in
            StatementGapFinder.StoredStatement(
                id: stored.id, sequence: stored.sequence, openingBalance: stored.openingBalance,
                closingBalance: stored.closingBalance, openingDate: stored.openingDate.flatMap(CivilDate.init(iso:)),
                closingDate: stored.closingDate.flatMap(CivilDate.init(iso:)),
                currencyDigits: stored.currency.flatMap(Currency.init(code:))?.minorDigits ?? 2)
        }
        let shared = try StatementOverlapStore.sharedLines(connection: connection, job: job.name, account: account)
        let gaps = StatementGapFinder.gaps(account: account, statements: statements, shared: shared)
        for filled in try StatementOverlapStore.removeFilledGaps(
            connection: connection, job: job.name, account: account, current: gaps)
        {
            logger.info("statement gap filled", metadata: ["account": "\(account)", "detail": "\(filled)"])
        }
        var found: [String] = []
        for gap in gaps {
            let inserted = try connection.execute(
                StatementGapsTable.insert(job: job.name, account: account, detail: gap, foundOn: runDate.description))
            if inserted.affectedRowCount == 1 {
                logger.warning("statement gap", metadata: ["account": "\(account)", "detail": "\(gap)"])
                found.append(gap)
            }
        }
        return found
    }
}

/// Whole-file reads for camt.053 bank files at import (the line formats are streamed).
enum FileContents {
    /// The first `count` bytes (format detection).
    static func head(path: String, count: Int) throws -> [UInt8] {
        let stream = try FileByteStream(path: path)
        var bytes: [UInt8] = []
        while bytes.count < count, try stream.read(into: &bytes, maxCount: count - bytes.count) > 0 {}
        return bytes
    }

    static func read(path: String) throws -> [UInt8] {
        let stream = try FileByteStream(path: path)
        var bytes: [UInt8] = []
        while try stream.read(into: &bytes, maxCount: 1 << 20) > 0 {}
        return bytes
    }
}
