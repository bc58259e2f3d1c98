import ReconCore

/// Turns fuzz bytes into one night of groups and lines for the Reconciler and
/// checks what every night must keep (SPEC §5): the result does not depend on
/// the order of the input, each line ends in exactly one place (a many-to-one
/// line once, however many groups it pays), every group is counted once, and a
/// group paid by a shared line has no other line. References are drawn from a
/// small set that collides on purpose (case, trailing dots, shared prefixes,
/// several refs in one text with every separator), so the many-to-one and
/// ambiguity paths are reached within a few bytes.
public enum MatchFuzzing {
    static let references = ["PO-1", "po-1", "PO-1.", "PO-12", "PO-2", "PO-3", "ACME 42", "X/9", "Ä-1", ""]
    static let separators = [";", " ", ",", " and ", "/", ""]
    static let currencies = ["EUR", "USD", "JPY"]

    public static func input(_ bytes: [UInt8]) -> ReconcileInput {
        var reader = Reader(bytes: bytes)
        let runDate = CivilDate(daysSinceEpoch: 20_000)!
        var groups: [SettlementGroup] = []
        var keys: Set<SettlementGroup.Key> = []
        for _ in 0..<Int(reader.byte() % 8) {
            let currency = Currency(code: currencies[Int(reader.byte()) % currencies.count])!
            let key = SettlementGroup.Key(
                merchantID: "m\(reader.byte() % 3)", settlementRef: reference(&reader), currency: currency.code)
            let net = Int64(reader.byte()) - 40
            let day = runDate.adding(days: -Int(reader.byte() % 12))!
            guard keys.insert(key).inserted else { continue }
            groups.append(
                SettlementGroup(key: key, currency: currency, net: net, settlementDate: day, transactionCount: 1))
        }
        var lines: [OpenBankLine] = []
        for id in 0..<Int64(reader.byte() % 10) {
            let currency = Currency(code: currencies[Int(reader.byte()) % currencies.count])!
            let shape = reader.byte()
            let text = named(&reader)
            let line = BankLine(
                account: "A", bookingDate: runDate.adding(days: -Int(reader.byte() % 12))!, valueDate: nil,
                amount: Int64(reader.byte()) - 40, currency: currency, reference: shape & 1 == 0 ? text : nil,
                description: shape & 2 == 0 ? text : "x", bankTransactionID: shape & 4 == 0 ? "B\(id)" : nil,
                sourceLine: Int(id))
            lines.append(OpenBankLine(bankLineID: id + 1, line: line))
        }
        let tolerance = reader.byte() % 4
        return ReconcileInput(
            runDate: runDate, windowDays: Int(reader.byte() % 4), groups: groups, bankLines: lines,
            amountTolerance: tolerance == 0 ? [:] : ["EUR": Int64(tolerance), "JPY": 1])
    }

    /// Reconciles the night as given and reversed, and traps on any broken rule.
    public static func exercise(_ bytes: [UInt8]) {
        let input = input(bytes)
        let result = Reconciler.reconcile(input)
        var reversed = input
        reversed.groups.reverse()
        reversed.bankLines.reverse()
        precondition(Reconciler.reconcile(reversed) == result, "the order of the input changed the result")
        var shared: Set<Int64> = []
        var sharedGroups: Set<SettlementGroup.Key> = []
        var claimed: [Int64] = []
        for match in result.matches {
            if match.sharesLine {
                precondition(match.bankLineIDs.count == 1, "a many-to-one match holds one line")
                sharedGroups.insert(match.groupKey)
                if shared.insert(match.bankLineIDs[0]).inserted { claimed.append(match.bankLineIDs[0]) }
            } else {
                claimed += match.bankLineIDs
            }
        }
        for match in result.matches where !match.sharesLine {
            precondition(!sharedGroups.contains(match.groupKey), "a group paid by a shared line has no other line")
        }
        let placed = claimed + result.pendingBankLineIDs + result.unexpectedBankLineIDs + result.ambiguousBankLineIDs
        precondition(placed.sorted() == input.bankLines.map(\.bankLineID).sorted(), "each line placed once")
        let counts = result.counts
        precondition(
            counts.groupsMatched + counts.groupsPending + counts.groupsMismatched == input.groups.count,
            "every group counted once")
        precondition(
            counts.bankLinesMatched + counts.bankLinesPending + counts.bankLinesMismatched == input.bankLines.count,
            "every line counted once")
    }

    private static func reference(_ reader: inout Reader) -> String {
        references[Int(reader.byte()) % references.count]
    }

    /// One to three references joined by separators, sometimes with words around.
    private static func named(_ reader: inout Reader) -> String {
        var text = reference(&reader)
        for _ in 0..<Int(reader.byte() % 3) {
            text += separators[Int(reader.byte()) % separators.count] + reference(&reader)
        }
        return reader.byte() & 1 == 0 ? text : "Payout \(text)."
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0

        /// The next byte; zeros once the input is used up.
        mutating func byte() -> UInt8 {
            defer { position += 1 }
            return position < bytes.count ? bytes[position] : 0
        }
    }
}
