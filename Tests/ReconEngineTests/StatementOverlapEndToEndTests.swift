import Foundation
import Logging
import ReconCore
import ReconEngine
import XCTest

/// Overlap versus gap (SPEC §4 v1.1) through PostgreSQL: chains of three
/// statements of one account, each repeating the last days of the one
/// before, imported one file per night in every arrival order. No chain
/// may report a `STATEMENT_GAP` once all three are in, every shared line is
/// stored once, and a gap seen while the middle statement was missing is
/// gone once it arrives. A chain with a line really missing still reports it.
final class StatementOverlapEndToEndTests: XCTestCase {
    /// One bank line of a chain: day of November 2026, signed cents, bank id.
    struct Line {
        var day: Int
        var cents: Int64
        var id: String
    }

    /// A: 1–3 Nov, 100.00 → 125.00. B repeats 2–3 Nov: 110.00 → 156.00.
    /// C repeats 4–5 Nov: 125.00 → 150.00. Six distinct lines.
    static let a = [Line(day: 1, cents: 1000, id: "B-1"), Line(day: 2, cents: 2000, id: "B-2"), Line(day: 3, cents: -500, id: "B-3")]
    static let b = [a[1], a[2], Line(day: 4, cents: 3000, id: "B-4"), Line(day: 5, cents: 100, id: "B-5")]
    static let c = [b[2], b[3], Line(day: 6, cents: -600, id: "B-6")]
    static let chain: [(sequence: Int, opening: Int64, lines: [Line])] = [(101, 10000, a), (102, 11000, b), (103, 12500, c)]

    static func closing(_ opening: Int64, _ lines: [Line]) -> Int64 { opening + lines.reduce(0) { $0 + $1.cents } }

    static func mt940(sequence: Int, opening: Int64, lines: [Line]) -> String {
        func amount(_ cents: Int64) -> String { "\(abs(cents) / 100),\(String(format: "%02d", abs(cents) % 100))" }
        func mark(_ cents: Int64) -> String { cents < 0 ? "D" : "C" }
        let closing = closing(opening, lines)
        var text = ":20:STMT\(sequence)\n:25:NL01OVER0001\n:28C:\(sequence)/1\n"
        text += ":60F:\(mark(opening))2611\(String(format: "%02d", lines[0].day))EUR\(amount(opening))\n"
        for line in lines {
            text += ":61:2611\(String(format: "%02d", line.day))\(mark(line.cents))\(amount(line.cents))NTRFPO-\(line.id)//\(line.id)\n"
            text += ":86:payout \(line.id)\n"
        }
        text += ":62F:\(mark(closing))2611\(String(format: "%02d", lines.last!.day))EUR\(amount(closing))\n-\n"
        return text
    }

    static func camt(sequence: Int, opening: Int64, lines: [Line]) -> String {
        func amount(_ cents: Int64) -> String { "\(abs(cents) / 100).\(String(format: "%02d", abs(cents) % 100))" }
        func mark(_ cents: Int64) -> String { cents < 0 ? "DBIT" : "CRDT" }
        func balance(_ code: String, _ cents: Int64, _ day: Int) -> String {
            "<Bal><Tp><CdOrPrtry><Cd>\(code)</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">\(amount(cents))</Amt><CdtDbtInd>\(mark(cents))</CdtDbtInd><Dt><Dt>2026-11-\(String(format: "%02d", day))</Dt></Dt></Bal>"
        }
        var body = balance("OPBD", opening, lines[0].day) + balance("CLBD", closing(opening, lines), lines.last!.day)
        for line in lines {
            body += "<Ntry><Amt Ccy=\"EUR\">\(amount(line.cents))</Amt><CdtDbtInd>\(mark(line.cents))</CdtDbtInd><Sts>BOOK</Sts>"
            body += "<BookgDt><Dt>2026-11-\(String(format: "%02d", line.day))</Dt></BookgDt><AcctSvcrRef>\(line.id)</AcctSvcrRef>"
            body += "<NtryDtls><TxDtls><Refs><EndToEndId>PO-\(line.id)</EndToEndId></Refs></TxDtls></NtryDtls></Ntry>\n"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
            <GrpHdr><MsgId>M\(sequence)</MsgId><CreDtTm>2026-11-\(String(format: "%02d", lines.last!.day))T06:00:00</CreDtTm></GrpHdr>
            <Stmt><Id>S\(sequence)</Id><ElctrncSeqNb>\(sequence)</ElctrncSeqNb>
            <Acct><Id><IBAN>NL01OVER0001</IBAN></Id><Ccy>EUR</Ccy></Acct>
            \(body)</Stmt></BkToCstmrStmt></Document>

            """
    }

    /// BAI2 has one as-of date per group, so its overlap is a day's account
    /// delivered again in the next file: file k holds days k and k+1.
    static func bai2(days: [(day: Int, opening: Int64, lines: [Line])]) -> String {
        var records: [String] = ["01,BANK,RECON,261121,0600,1,80,1,2/"]
        var fileTotal: Int64 = 0
        for day in days {
            let closing = closing(day.opening, day.lines)
            var group = ["02,RECON,BANK,1,2611\(String(format: "%02d", day.day)),2400,EUR,2/"]
            group.append("03,ACC-BAI,,010,\(day.opening),,,015,\(closing),,/")
            var total = day.opening + closing
            for line in day.lines {
                group.append("16,\(line.cents < 0 ? 495 : 195),\(abs(line.cents)),,\(line.id),PO-\(line.id),PAYOUT/")
                total += abs(line.cents)
            }
            group.append("49,\(total),\(day.lines.count + 2)/")
            group.append("98,\(total),1,\(group.count + 1)/")
            records += group
            fileTotal += total
        }
        records.append("99,\(fileTotal),\(days.count),\(records.count + 1)/")
        return records.joined(separator: "\n") + "\n"
    }

    private func makeJob(_ scenario: Scenario, name: String, format: String) throws -> JobFile {
        try FileManager.default.createDirectory(atPath: scenario.folder + "/bank-\(name)", withIntermediateDirectories: true)
        try scenario.write(
            """
            name: \(name)
            source: test-psp
            timezone: UTC
            transactions: { path: inbox }
            bank_statements: { path: bank-\(name), format: \(format) }
            keyring: keyring.yaml
            reports: { path: reports }
            """, to: "\(name).yaml")
        return try JobFile.load(path: scenario.folder + "/\(name).yaml")
    }

    /// Imports `files` one per night in the given order; returns the gaps
    /// recorded after each night.
    private func importNightly(
        _ files: [(name: String, text: String)], job: JobFile, scenario: Scenario, database: TestDatabase
    ) throws -> [[String]] {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        var afterEachNight: [[String]] = []
        for file in files {
            try scenario.write(file.text, to: "bank-\(job.name)/\(file.name)")
            let report = try StatementIngestor.importInbox(job: job, database: database.database, logger: logger, wait: false)
            XCTAssertEqual(report.errorCount, 0, "\(job.name) \(file.name): \(report.files.flatMap(\.errors))")
            let rows = try database.connect().execute(
                "select detail from statement_gaps where job = $1 order by detail", [.text(job.name)])
            afterEachNight.append((0..<rows.rowCount).map { rows.string(row: $0, column: 0)! })
        }
        return afterEachNight
    }

    private static let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]

    func testOverlappingChainsInEveryArrivalOrderAreNoGap() throws {
        let database = try TestDatabase()
        let scenario = try Scenario(keys: [])
        for (format, render) in [
            ("mt940", Self.mt940(sequence:opening:lines:)), ("camt053", Self.camt(sequence:opening:lines:)),
        ] {
            for order in Self.orders {
                let name = "\(format)-\(order.map(String.init).joined())"
                let job = try makeJob(scenario, name: name, format: format)
                let files = order.map { index in
                    let part = Self.chain[index]
                    return (name: "s\(part.sequence).txt", text: render(part.sequence, part.opening, part.lines))
                }
                let gaps = try importNightly(files, job: job, scenario: scenario, database: database)
                XCTAssertEqual(gaps.last, [], "\(name): overlapping statements are no gap")
                if Set(order.prefix(2)) == [0, 2] {
                    // 101 and 103 without 102: a real hole until 102 arrives.
                    XCTAssertEqual(
                        gaps[1], ["account NL01OVER0001: statement sequence jumps from 101 to 103; statement 102 is missing"],
                        name)
                }
                XCTAssertEqual(
                    try database.count("select count(*) from bank_lines where job = $1", [.text(name)]), 6,
                    "\(name): each shared line stored once")
            }
        }
    }

    func testAMissingLineInsideAnOverlapIsStillAGap() throws {
        let database = try TestDatabase()
        let scenario = try Scenario(keys: [])
        // 103 opens at 120.00 instead of 125.00: with the 31.00 it shares with
        // 102 it continues at 151.00, not at 102's closing 156.00.
        let broken = Self.chain.map { part in part.sequence == 103 ? (part.sequence, Int64(12000), part.lines) : part }
        for order in [[2, 0, 1], [0, 1, 2]] {
            let name = "broken-\(order.map(String.init).joined())"
            let job = try makeJob(scenario, name: name, format: "mt940")
            let files = order.map { index in
                (name: "s\(broken[index].0).sta", text: Self.mt940(sequence: broken[index].0, opening: broken[index].1, lines: broken[index].2))
            }
            let gaps = try importNightly(files, job: job, scenario: scenario, database: database)
            XCTAssertEqual(gaps.last, [
                "account NL01OVER0001: statement 103/1 opens with 120.00 (151.00 with the 2 lines of 31.00 it shares with statement 102/1) but statement 102/1 closed with 156.00"
            ], name)
        }
    }

    func testBAI2DayDeliveredAgainInTheNextFileIsNoGap() throws {
        let database = try TestDatabase()
        let scenario = try Scenario(keys: [])
        let day1 = (day: 1, opening: Int64(10000), lines: [Line(day: 1, cents: 1000, id: "R-1")])
        let day2 = (day: 2, opening: Int64(11000), lines: [Line(day: 2, cents: 2500, id: "R-2"), Line(day: 2, cents: -300, id: "R-3")])
        let day3 = (day: 3, opening: Int64(13200), lines: [Line(day: 3, cents: 700, id: "R-4")])
        let files = [
            (name: "f1.bai", text: Self.bai2(days: [day1, day2])), (name: "f2.bai", text: Self.bai2(days: [day2, day3])),
        ]
        for order in [[0, 1], [1, 0]] {
            let name = "bai2-\(order.map(String.init).joined())"
            let job = try makeJob(scenario, name: name, format: "bai2")
            let gaps = try importNightly(order.map { files[$0] }, job: job, scenario: scenario, database: database)
            XCTAssertEqual(gaps.last, [], name)
            XCTAssertEqual(try database.count("select count(*) from bank_lines where job = $1", [.text(name)]), 4, name)
        }
        // Day 3 opening one cent off: a gap, overlap or not.
        let job = try makeJob(scenario, name: "bai2-broken", format: "bai2")
        var wrong = day3
        wrong.opening += 1
        let gaps = try importNightly(
            [(name: "f1.bai", text: Self.bai2(days: [day1, day2])), (name: "f2.bai", text: Self.bai2(days: [day2, wrong]))],
            job: job, scenario: scenario, database: database)
        XCTAssertEqual(gaps.last, ["account ACC-BAI: statement ? opens with 132.01 but statement ? closed with 132.00"])
    }

    func testBankCSVOverlapOnlyRemovesDuplicates() throws {
        let database = try TestDatabase()
        let scenario = try Scenario(keys: [])
        let header = "account,booking_date,value_date,amount,currency,reference,description,bank_txn_id\n"
        let first = header + "ACC-CSV,2026-11-01,,10.00,EUR,PO-1,payout,C-1\nACC-CSV,2026-11-02,,20.00,EUR,PO-2,payout,C-2\n"
        let second = header + "ACC-CSV,2026-11-02,,20.00,EUR,PO-2,payout,C-2\nACC-CSV,2026-11-03,,5.00,EUR,PO-3,payout,C-3\n"
        let job = try makeJob(scenario, name: "csv", format: "csv")
        let gaps = try importNightly(
            [(name: "b.csv", text: second), (name: "a.csv", text: first)], job: job, scenario: scenario, database: database)
        XCTAssertEqual(gaps, [[], []])
        XCTAssertEqual(try database.count("select count(*) from bank_lines where job = 'csv'"), 3)
    }
}
