/// Reads BAI2 (BTRS) cash management balance reports: one file header (01),
/// groups (02 ... 98) of accounts (03 ... 49) with their transaction details
/// (16), 88 continuations anywhere, and the file trailer (99).
///
/// Each account of each group is one `BankStatement`; each 16 detail is one
/// bank line dated with the group's as-of date. Every trailer's control total
/// and record count is checked: a file whose trailers disagree with its
/// records is refused whole, as a file that cannot be parsed is.
public enum BAI2Reader {
    public static func parse(_ data: [UInt8], fileName: String) throws(StatementError) -> [BankStatement] {
        var statements: [BankStatement] = []
        do {
            try forEachStatement(.bytes(data), fileName: fileName) { statements.append($0) }
        } catch let error as StatementError {
            throw error
        } catch {
            preconditionFailure("in-memory BAI2 read failed with \(error)")
        }
        return statements
    }

    /// Reads `source` in chunks and hands each account's statement to `body`
    /// at its 49 trailer: memory holds one chunk, one logical record and one
    /// account (bounded by ``StatementLimits``). The group and file trailers
    /// come after the statements they count, so a consumer that must refuse
    /// the file whole on a trailer error (ingest) does so in its transaction.
    public static func forEachStatement(
        _ source: StatementByteSource, fileName: String, _ body: (BankStatement) throws -> Void
    ) throws {
        // BAI2 is ASCII; a bank's names may come as UTF-8 or Latin-1, read as MT940 reads them.
        let encoding = try StatementTextEncoding.of(source, fileName: fileName)
        var lines = StatementLineSplitter(encoding: encoding, byteOrderMarks: encoding == .utf8 ? 2 : 1)
        var records = BAI2RecordSplitter(fileName: fileName)
        var parser = BAI2FileParser(values: BAI2Values(fileName: fileName))
        func add(_ record: BAI2LogicalRecord) throws {
            if let statement = try parser.add(record) { try body(statement) }
        }
        try source.forEachChunk(fileName: fileName) { chunk in
            try lines.feed(chunk) { line in try records.add(line, add) }
        }
        try lines.finish { line in try records.add(line, add) }
        try records.finish(add)
        try parser.finish()
    }
}

/// The file's structure: which record may come where, and the group (98) and
/// file (99) trailers checked against what was read.
struct BAI2FileParser {
    let values: BAI2Values
    private var headerLine: Int?
    private var trailerLine: Int?
    private var fileRecordCount = 0
    private var fileTotal: Int64 = 0
    private var groupCount = 0
    private var group: OpenGroup?
    private var account: BAI2AccountBuilder?

    private struct OpenGroup {
        var header: BAI2GroupHeader
        var recordCount: Int
        var total: Int64 = 0
        var accountCount = 0
    }

    init(values: BAI2Values) { self.values = values }

    /// The account's statement when `record` is its 49 trailer.
    mutating func add(_ record: BAI2LogicalRecord) throws(StatementError) -> BankStatement? {
        if let trailerLine {
            throw error(.malformed, record, "\(record.code) record after the 99 file trailer on line \(trailerLine)")
        }
        guard headerLine != nil || record.code == "01" else {
            throw error(.malformed, record, "the file starts with a \(record.code) record, not with the 01 file header")
        }
        fileRecordCount += record.physicalCount
        group?.recordCount += record.physicalCount
        switch record.code {
        case "01": try fileHeader(record)
        case "02": try groupHeader(record)
        case "03":
            guard let group else { throw error(.malformed, record, "03 account identifier outside a group (no 02 group header before it)") }
            try requireNoOpenAccount(before: record)
            account = try BAI2AccountBuilder(identifier: record, group: group.header, values: values)
        case "16":
            guard account != nil else {
                throw error(.malformed, record, "16 transaction detail outside an account (no 03 account identifier before it)")
            }
            try account!.addDetail(record)
        case "49":
            guard account != nil else { throw error(.malformed, record, "49 account trailer without an 03 account identifier") }
            let statement = try account!.finish(trailer: record)
            try values.add(account!.controlTotal, to: &group!.total, line: record.line, "the group")
            group!.accountCount += 1
            account = nil
            return statement
        case "98": try groupTrailer(record)
        case "99": try fileTrailer(record)
        default:
            throw error(.malformed, record, "unknown record type '\(record.code)'")
        }
        return nil
    }

    func finish() throws(StatementError) {
        guard let headerLine else {
            throw values.error(.malformed, line: 1, "no BAI2 records found (a BAI2 file starts with an 01 file header)")
        }
        guard trailerLine != nil else {
            let open =
                account.map { "account \($0.account) (03 on line \($0.line)) has no 49 trailer" }
                ?? group.map { "the group of line \($0.header.line) has no 98 trailer" }
                ?? "the file of line \(headerLine) has no 99 trailer"
            throw values.error(.malformed, line: headerLine, "the file ends too early: \(open); it may be truncated")
        }
    }

    /// 01: sender, receiver, creation date and time, file id, record length,
    /// block size, version. Only the version matters to recon.
    private mutating func fileHeader(_ record: BAI2LogicalRecord) throws(StatementError) {
        if let headerLine { throw error(.malformed, record, "a second 01 file header (the first is on line \(headerLine))") }
        headerLine = record.line
        var reader = BAI2FieldReader(record)
        for _ in 0..<7 { _ = reader.field() }
        let version = reader.field().text
        guard version == "2" else {
            throw error(.invalidField, record, "01 file header says version '\(version)': recon reads BAI version 2")
        }
    }

    /// 02: receiver, originator, group status, as-of date, as-of time,
    /// currency, as-of-date modifier.
    private mutating func groupHeader(_ record: BAI2LogicalRecord) throws(StatementError) {
        try requireNoOpenAccount(before: record)
        if let group { throw error(.malformed, record, "02 group header before the 98 trailer of the group on line \(group.header.line)") }
        var reader = BAI2FieldReader(record)
        _ = reader.field()
        _ = reader.field()
        let status = reader.field()
        switch status.text {
        case "1", "3": break  // update; correction (its lines are stored once with the earlier ones, by their identity)
        case "2": throw error(.invalidField, record, "02 group status 2 (deletion): recon cannot delete bank lines it has imported")
        case "4": throw error(.invalidField, record, "02 group status 4 (test only): test data is not imported")
        case "": throw error(.missingField, record, "02 group header has no group status")
        default: throw error(.invalidField, record, "02 group status '\(status.text)' is not 1, 2, 3 or 4")
        }
        let asOfDate = try values.date(reader.field(), "02 group header: as-of date")
        _ = reader.field()  // as-of time: the date is what a bank line is booked on
        let currency = try values.currency(reader.field(), "02 group header: currency") ?? Currency(code: "USD")!
        group = OpenGroup(
            header: BAI2GroupHeader(asOfDate: asOfDate, currency: currency, line: record.line),
            recordCount: record.physicalCount)
    }

    /// 98: control total, number of accounts, number of records (02 to 98).
    private mutating func groupTrailer(_ record: BAI2LogicalRecord) throws(StatementError) {
        try requireNoOpenAccount(before: record)
        guard let open = group else { throw error(.malformed, record, "98 group trailer without an 02 group header") }
        let what = "98 group trailer (02 on line \(open.header.line))"
        var reader = BAI2FieldReader(record)
        let total = try values.amount(reader.field(), "\(what): control total", signed: true) ?? 0
        let accounts = try values.requiredCount(reader.field(), "\(what): number of accounts")
        let records = try values.requiredCount(reader.field(), "\(what): number of records")
        try check(total: total, against: open.total, what, record)
        try check(accounts, "accounts", against: open.accountCount, what, record)
        try check(records, "records", against: open.recordCount, what, record)
        try values.add(open.total, to: &fileTotal, line: record.line, "the file")
        groupCount += 1
        group = nil
    }

    /// 99: control total, number of groups, number of records (01 to 99).
    private mutating func fileTrailer(_ record: BAI2LogicalRecord) throws(StatementError) {
        try requireNoOpenAccount(before: record)
        if let group { throw error(.malformed, record, "99 file trailer before the 98 trailer of the group on line \(group.header.line)") }
        let what = "99 file trailer"
        var reader = BAI2FieldReader(record)
        let total = try values.amount(reader.field(), "\(what): control total", signed: true) ?? 0
        let groups = try values.requiredCount(reader.field(), "\(what): number of groups")
        let records = try values.requiredCount(reader.field(), "\(what): number of records")
        try check(total: total, against: fileTotal, what, record)
        try check(groups, "groups", against: groupCount, what, record)
        try check(records, "records", against: fileRecordCount, what, record)
        trailerLine = record.line
    }

    private func requireNoOpenAccount(before record: BAI2LogicalRecord) throws(StatementError) {
        if let account {
            throw error(
                .malformed, record,
                "\(record.code) record before the 49 trailer of account \(account.account) (03 on line \(account.line))")
        }
    }

    private func check(total: Int64, against computed: Int64, _ what: String, _ record: BAI2LogicalRecord) throws(StatementError) {
        guard total == computed else {
            throw error(.invalidField, record, "\(what): control total \(total), but its accounts add up to \(computed)")
        }
    }

    private func check(_ announced: Int, _ noun: String, against found: Int, _ what: String, _ record: BAI2LogicalRecord) throws(StatementError) {
        guard announced == found else {
            throw error(.invalidField, record, "\(what): \(announced) \(noun) announced, but \(found) found")
        }
    }

    private func error(_ kind: StatementError.Kind, _ record: BAI2LogicalRecord, _ message: String) -> StatementError {
        values.error(kind, line: record.line, message)
    }
}
