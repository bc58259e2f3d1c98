/// `recon exceptions list` output (SPEC §7, §9): CSV and JSON follow §6
/// (amounts with the currency's digits, input text protected in CSV, carried
/// unchanged in JSON); the table fits a terminal.
public enum ExceptionListing {
    public static let columns = [
        "exception_id", "kind", "state", "owner", "settlement_ref", "merchant_id", "currency", "at_stake",
        "first_seen", "age_days", "bank_txn_id", "last_note",
    ]

    public static func csv(_ rows: [ExceptionListRow]) -> String {
        String(decoding: csvBytes(rows), as: UTF8.self)
    }

    /// The CSV as UTF-8, built byte by byte (``CSVByteWriter``): at 100,000
    /// rows the list must cost about what reading its rows costs (issue 12).
    public static func csvBytes(_ rows: [ExceptionListRow]) -> [UInt8] {
        var writer = CSVByteWriter(header: columns, reservingRows: rows.count, bytesPerRow: 160)
        var dates: [CivilDate: [UInt8]] = [:]
        for row in rows {
            writer.own(row.exceptionID.text)
            writer.own(row.kind.rawValue)
            writer.own(row.state.rawValue)
            // Owners and notes are typed by people: as untrusted as input.
            writer.input(row.owner)
            writer.input(row.settlementRef)
            writer.input(row.merchantID)
            writer.input(row.currency)
            writer.own(row.atStakeText)
            if let date = dates[row.firstSeen] {
                writer.ownASCII(date)
            } else {
                let date = Array(row.firstSeen.description.utf8)
                dates[row.firstSeen] = date
                writer.ownASCII(date)
            }
            writer.ownASCII(Array(String(row.ageDays).utf8))
            writer.input(row.bankTxnID)
            writer.input(row.lastNote)
            writer.endRow()
        }
        return writer.bytes
    }

    public static func json(_ rows: [ExceptionListRow]) -> String {
        ReportJSON.array(
            rows.map { row in
                .object([
                    .init("exception_id", .string(row.exceptionID.text)),
                    .init("kind", .string(row.kind.rawValue)),
                    .init("state", .string(row.state.rawValue)),
                    .init("owner", .optionalString(row.owner)),
                    .init("settlement_ref", .optionalString(row.settlementRef)),
                    .init("merchant_id", .optionalString(row.merchantID)),
                    .init("currency", .optionalString(row.currency)),
                    .init("at_stake", .optionalString(row.atStakeText)),
                    .init("first_seen", .string(row.firstSeen.description)),
                    .init("age_days", .integer(row.ageDays)),
                    .init("bank_txn_id", .optionalString(row.bankTxnID)),
                    .init("last_note", .optionalString(row.lastNote)),
                ])
            }
        ).prettyPrinted()
    }

    public static func table(_ rows: [ExceptionListRow], width: Int) -> String {
        guard !rows.isEmpty else { return "no exceptions match\n" }
        var table = TextTable(columns: [
            .init("EXCEPTION"), .init("KIND"), .init("STATE"), .init("OWNER", shrinkable: true, minimumWidth: 5),
            .init("REF", shrinkable: true, minimumWidth: 10), .init("MERCHANT", shrinkable: true, minimumWidth: 6),
            .init("CUR"), .init("AT STAKE", alignRight: true), .init("FIRST SEEN"), .init("AGE", alignRight: true),
            .init("BANK TXN", shrinkable: true, minimumWidth: 6), .init("LAST NOTE", shrinkable: true, minimumWidth: 8),
        ])
        for row in rows {
            table.append([
                row.exceptionID.text, row.kind.rawValue, row.state.rawValue, row.owner ?? "", row.settlementRef ?? "",
                row.merchantID ?? "", row.currency ?? "", row.atStakeText ?? "", row.firstSeen.description,
                String(row.ageDays), row.bankTxnID ?? "", row.lastNote ?? "",
            ])
        }
        return table.render(width: width)
    }
}
