/// `bank_files`, `bank_statements` and `statement_gaps` (sql/002, sql/010):
/// what was imported, statement by statement, and the gaps found between
/// an account's statements.
public enum BankFilesTable {
    public static func isImported(job: String, sha256: [UInt8]) -> SQL {
        "select 1 from bank_files where job = \(job) and file_sha256 = \(.bytea(sha256))"
    }

    /// Returns the new file's `id`; its counts are set by ``setCounts``.
    public static func insert(job: String, sha256: [UInt8], fileName: String) -> SQL {
        """
        insert into bank_files (job, file_sha256, file_name, statements, lines_new)
        values (\(job), \(.bytea(sha256)), \(fileName), 0, 0) returning id
        """
    }

    public static func setCounts(fileID: Int64, statements: Int, linesNew: Int) -> SQL {
        """
        update bank_files set statements = \(.int32(Int32(clamping: statements))), lines_new = \(.int32(Int32(clamping: linesNew)))
        where id = \(fileID)
        """
    }
}

public enum BankStatementsTable {
    /// One statement's header as stored; dates as ISO text.
    public struct Row: Sendable {
        public var job: String
        public var fileID: Int64
        public var account: String
        public var currency: String?
        public var sequence: String?
        public var openingBalance: Int64?
        public var closingBalance: Int64?
        public var openingDate: String?
        public var closingDate: String?
        public var sourceLine: Int

        public init(
            job: String, fileID: Int64, account: String, currency: String?, sequence: String?, openingBalance: Int64?,
            closingBalance: Int64?, openingDate: String?, closingDate: String?, sourceLine: Int
        ) {
            self.job = job
            self.fileID = fileID
            self.account = account
            self.currency = currency
            self.sequence = sequence
            self.openingBalance = openingBalance
            self.closingBalance = closingBalance
            self.openingDate = openingDate
            self.closingDate = closingDate
            self.sourceLine = sourceLine
        }
    }

    /// Returns the statement's `id`.
    public static func insert(_ row: Row) -> SQL {
        """
        insert into bank_statements (job, bank_file_id, account, currency, sequence, opening_balance, closing_balance,
            opening_date, closing_date, source_line)
        values (\(row.job), \(row.fileID), \(row.account), \(row.currency), \(row.sequence),
            \(row.openingBalance), \(row.closingBalance),
            \(row.openingDate)::date, \(row.closingDate)::date, \(.int32(Int32(clamping: row.sourceLine)))) returning id
        """
    }

    /// The account's statements, decoded by ``decodeStored``.
    public static func stored(job: String, account: String) -> SQL {
        """
        select id, sequence, opening_balance, closing_balance, opening_date::text, closing_date::text, currency
        from bank_statements where job = \(job) and account = \(account)
        """
    }

    public struct Stored: Sendable {
        public var id: Int64
        public var sequence: String?
        public var openingBalance: Int64?
        public var closingBalance: Int64?
        public var openingDate: String?
        public var closingDate: String?
        public var currency: String?
    }

    public static func decodeStored(_ rows: QueryResult) -> [Stored] {
        (0..<rows.rowCount).map { row in
            Stored(
                id: rows.int64(row: row, column: 0)!, sequence: rows.string(row: row, column: 1),
                openingBalance: rows.int64(row: row, column: 2), closingBalance: rows.int64(row: row, column: 3),
                openingDate: rows.string(row: row, column: 4), closingDate: rows.string(row: row, column: 5),
                currency: rows.string(row: row, column: 6))
        }
    }
}

/// `statement_gaps`: gaps between an account's statements, by their detail
/// text (the same gap found again is the same row).
public enum StatementGapsTable {
    /// Every gap of the job, as `account, detail`, in report order.
    public static func all(job: String) -> SQL {
        "select account, detail from statement_gaps where job = \(job) order by account, detail"
    }

    public static func details(job: String, account: String) -> SQL {
        "select detail from statement_gaps where job = \(job) and account = \(account)"
    }

    public static func delete(job: String, account: String, detail: String) -> SQL {
        "delete from statement_gaps where job = \(job) and account = \(account) and detail = \(detail)"
    }

    /// Affects one row when the gap is new.
    public static func insert(job: String, account: String, detail: String, foundOn day: String) -> SQL {
        """
        insert into statement_gaps (job, account, detail, found_on) values (\(job), \(account), \(detail), \(day)::date)
        on conflict do nothing
        """
    }
}
