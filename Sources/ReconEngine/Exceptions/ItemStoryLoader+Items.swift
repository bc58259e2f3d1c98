import ReconCore
import ReconStore

extension ItemStoryLoader {
    /// A group: summary, its transactions by file and type, its bank lines,
    /// the nearest open lines when it has none, its exceptions, the log.
    func groupStory(_ groups: QueryResult, row: Int) throws -> ItemStory {
        func text(_ column: Int) -> String? { groups.string(row: row, column: column) }
        let name = GroupName(merchantID: text(1)!, settlementRef: text(2)!, currency: text(3)!)
        let money = { (value: Int64?) in ItemStory.Cell.own(AmountText.format(value, currencyCode: name.currency)) }
        let net = groups.int64(row: row, column: 7)!
        let summary = ItemStory.Section(
            name: "summary", title: "Group",
            columns: [
                "settlement_ref", "merchant_id", "currency", "status", "settlement_date", "txn_count", "net", "payments",
                "refunds", "chargebacks", "fees", "adjustments", "match_rule", "matched_on", "net_at_match",
            ],
            rows: [
                [
                    .input(name.settlementRef), .input(name.merchantID), .own(name.currency), .own(text(4)), .own(text(5)),
                    .count(Int(groups.int64(row: row, column: 6) ?? 0)), money(net), money(groups.int64(row: row, column: 8)),
                    money(groups.int64(row: row, column: 9)), money(groups.int64(row: row, column: 10)),
                    money(groups.int64(row: row, column: 11)), money(groups.int64(row: row, column: 12)), .own(text(13)),
                    .own(text(14)), money(groups.int64(row: row, column: 15)),
                ]
            ], isSingle: true)
        let transactions = try connection.execute(
            ItemStoryTable.transactions(groupID: groups.int64(row: row, column: 0) ?? 0))
        var transactionSection = ItemStory.Section(
            name: "transactions", title: "Transactions by file and type",
            columns: ["file", "type", "count", "amount", "settlement_dates", "lines"], rightAligned: ["count", "amount"])
        for index in 0..<transactions.rowCount {
            let count = Int(transactions.int64(row: index, column: 2) ?? 0)
            var lines = transactions.string(row: index, column: 4) ?? ""
            if count > 50 { lines += ",… (\(count - 50) more)" }
            let first = transactions.string(row: index, column: 5) ?? "", last = transactions.string(row: index, column: 6) ?? ""
            transactionSection.rows.append([
                .input(transactions.string(row: index, column: 0)), .own(transactions.string(row: index, column: 1)),
                .count(count), money(transactions.int64(row: index, column: 3)), .own(first == last ? first : "\(first)…\(last)"),
                .own(lines),
            ])
        }
        let lineIDs = (text(16) ?? "").split(separator: ",").compactMap { Int64($0) }
        var lineSection = ItemStory.Section(
            name: "bank_lines", title: "Bank lines it claims", columns: Self.lineSectionColumns, rightAligned: ["amount"])
        if !lineIDs.isEmpty {
            let lines = try connection.execute(ItemStoryTable.lines(ids: lineIDs))
            lineSection.rows = (0..<lines.rowCount).map { Self.lineRow(lines, $0) }
        }
        var sections = [summary, transactionSection, lineSection]
        if lineIDs.isEmpty { sections.append(try candidates(for: name, net: net)) }
        let (exceptionSection, ids) = try exceptions(
            ItemStoryTable.groupExceptions(
                job: job.name, merchantID: name.merchantID, settlementRef: name.settlementRef, currency: name.currency,
                lineIDs: lineIDs))
        sections += [exceptionSection, try history(exceptionIDs: ids, groups: [name])]
        return ItemStory(kind: "group", heading: name.description.replacingOccurrences(of: "group ", with: ""), sections: sections)
    }

    /// The open lines of the group's currency nearest its net.
    private func candidates(for name: GroupName, net: Int64) throws -> ItemStory.Section {
        let near = try connection.execute(
            ItemStoryTable.nearestOpenLines(job: job.name, currency: name.currency, amount: net))
        let nearest = (0..<near.rowCount)
            .map { (id: near.int64(row: $0, column: 0)!, amount: near.int64(row: $0, column: 1)!) }
            .sorted { (abs($0.amount - net), $0.id) < (abs($1.amount - net), $1.id) }
            .prefix(3)
        var section = ItemStory.Section(
            name: "candidates", title: "Nearest open bank lines (by amount)",
            columns: Self.lineSectionColumns + ["amount_difference"], rightAligned: ["amount", "amount_difference"])
        guard !nearest.isEmpty else { return section }
        let lines = try connection.execute(ItemStoryTable.lines(ids: nearest.map(\.id)))
        section.rows = (0..<lines.rowCount).map { row in
            let amount = lines.int64(row: row, column: 4) ?? 0
            return Self.lineRow(lines, row) + [.own(AmountText.format(amount - net, currencyCode: name.currency))]
        }
        return section
    }

    /// A bank line: its facts and file, who claims it (and that group's
    /// summary), its exceptions and the log.
    func lineStory(_ lines: QueryResult, row: Int) throws -> ItemStory {
        func text(_ column: Int) -> String? { lines.string(row: row, column: column) }
        let claimedBy = text(11).map { GroupName(merchantID: text(10)!, settlementRef: $0, currency: text(12)!) }
        let status: String =
            if claimedBy != nil { text(14) == nil ? "matched" : "mismatched (\(text(14)!))" }
            else { lines.bool(row: row, column: 16) == true ? "open (no group claims it)" : "unknown" }
        let line = ItemStory.Section(
            name: "bank_lines", title: "Bank line", columns: Self.lineSectionColumns, rightAligned: ["amount"],
            rows: [Self.lineRow(lines, row)])
        let claim = ItemStory.Section(
            name: "summary", title: "Status",
            columns: ["status", "settlement_ref", "merchant_id", "currency", "rule", "matched_on"],
            rows: [
                [
                    .own(status), .input(claimedBy?.settlementRef), .input(claimedBy?.merchantID),
                    .own(claimedBy?.currency), .own(text(13)), .own(text(15)),
                ]
            ], isSingle: true)
        let lineID = lines.int64(row: row, column: 0)!
        var sections = [claim, line]
        if claimedBy == nil, let amount = lines.int64(row: row, column: 4), let currency = text(5) {
            sections.append(try candidateGroups(amount: amount, currency: currency))
        }
        let (exceptionSection, ids) = try exceptions(ItemStoryTable.lineExceptions(job: job.name, bankLineID: lineID))
        sections += [exceptionSection, try history(exceptionIDs: ids, groups: claimedBy.map { [$0] } ?? [])]
        let heading = "\(text(1) ?? "") (account \(text(2) ?? ""))"
        return ItemStory(kind: "bank_line", heading: heading, sections: sections)
    }

    /// The open groups of the line's currency whose net is nearest its amount.
    private func candidateGroups(amount: Int64, currency: String) throws -> ItemStory.Section {
        let near = try connection.execute(
            ItemStoryTable.nearestOpenGroups(source: job.source, currency: currency, amount: amount))
        let nearest = (0..<near.rowCount)
            .sorted {
                (abs(near.int64(row: $0, column: 2)! - amount), near.string(row: $0, column: 0)!)
                    < (abs(near.int64(row: $1, column: 2)! - amount), near.string(row: $1, column: 0)!)
            }
            .prefix(3)
        let money = { (value: Int64) in ItemStory.Cell.own(AmountText.format(value, currencyCode: currency)) }
        return ItemStory.Section(
            name: "candidates", title: "Nearest open settlement groups (by net)",
            columns: ["settlement_ref", "merchant_id", "net", "settlement_date", "status", "amount_difference"],
            rightAligned: ["net", "amount_difference"],
            rows: nearest.map { index in
                let net = near.int64(row: index, column: 2)!
                return [
                    .input(near.string(row: index, column: 0)), .input(near.string(row: index, column: 1)), money(net),
                    .own(near.string(row: index, column: 3)), .own(near.string(row: index, column: 4)), money(net - amount),
                ]
            })
    }
}
