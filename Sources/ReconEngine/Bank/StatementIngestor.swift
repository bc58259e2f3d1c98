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
        try JobLock(connection: connection, job: job.name).acquire(wait: wait)
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
        let bytes: [UInt8]
        let streamed: [UInt8]
        do {
            streamed = try FileDigest.sha256(path: file.path)
            if try isImported(sha256: streamed) {
                result.alreadyImported = true
                return result
            }
            bytes = try FileContents.read(path: file.path)
        } catch let error as DatabaseError {
            throw error
        } catch {
            result.errors.append("\(error)")
            return result
        }
        // The file may have changed since: what is stored is the digest of
        // the bytes parsed.
        let sha256 = Digest.sha256(bytes)
        if sha256 != streamed, try isImported(sha256: sha256) {
            result.alreadyImported = true
            return result
        }
        let format = job.bankStatements?.format.flatMap { $0 == "auto" ? nil : StatementFormat(rawValue: $0) }
        let statements: [BankStatement]
        do {
            statements = try StatementReader.parse(bytes, fileName: file.name, format: format)
        } catch {
            logger.error("bank file unusable", metadata: ["file": "\(file.name)", "error": "\(error)"])
            result.errors.append("\(error)")
            return result
        }
        for note in statements.flatMap(\.notes) {
            logger.warning("bank file read with a deviation", metadata: ["file": "\(file.name)", "note": "\(note)"])
        }
        try connection.transaction {
            let fileID = try connection.execute(BankFilesTable.insert(job: job.name, sha256: sha256, fileName: file.name))
                .int64(row: 0, column: 0)!
            for statement in statements {
                if case .mismatch(let mismatch) = BalanceCheck.check(statement) {
                    let error = BalanceCheck.error(for: mismatch, statement: statement, fileName: file.name)
                    logger.error("statement rejected", metadata: ["file": "\(file.name)", "error": "\(error)"])
                    result.errors.append(error.description)
                    continue
                }
                let inserted = try store(statement, fileID: fileID)
                result.statements += 1
                result.linesNew += inserted
                result.linesAlreadyKnown += statement.lines.count - inserted
                touchedAccounts.insert(statement.account)
            }
            try connection.execute(
                BankFilesTable.setCounts(fileID: fileID, statements: result.statements, linesNew: result.linesNew))
        }
        logger.info(
            "bank file imported",
            metadata: ["file": "\(file.name)", "statements": "\(result.statements)", "lines_new": "\(result.linesNew)"])
        return result
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

/// Whole-file reads for inputs that are parsed as a whole (bank statements
/// are small next to transaction files; camt has its own streaming path).
enum FileContents {
    static func read(path: String) throws -> [UInt8] {
        let stream = try FileByteStream(path: path)
        var bytes: [UInt8] = []
        while try stream.read(into: &bytes, maxCount: 1 << 20) > 0 {}
        return bytes
    }
}
