/// Picks out, before the ``Reconciler`` runs, the groups it would settle
/// cleanly by reference whatever else is open: the bulk of a normal night.
/// The engine streams every open group and line through here in compact form
/// (no descriptions, no per-type sums), settles the pairs in bulk and gives
/// only the rest to the Reconciler, which then decides exactly what it would
/// have decided with the pairs included.
///
/// A pair (group g, line l) is taken only when, over *all* open groups and
/// lines of the night:
/// 1. g's `settlement_ref` is one token `t` (``ReferenceText``), so a
///    description names g exactly when `t` is one of its tokens;
/// 2. g is the only open group with g's normalized reference and l the only
///    open line with that normalized reference: l names g alone (phase 1
///    gives l to g) and no other line names g by reference;
/// 3. no line that reads its description (no reference, or one naming no
///    open group) has `t` among its tokens: nothing else names g;
/// 4. l is in g's currency, pays g's net and is booked within ±W days of g's
///    settlement date, so ``GroupSettlement`` settles g cleanly by reference.
/// Such a g and l take part in no other decision: phase 3 only pairs lines
/// that named nothing with groups nobody named, near-miss candidates come
/// from unclaimed items only, and no remaining line names g.
/// `ReferencePrematchEquivalenceTests` (engine) checks this on generated
/// nights against the Reconciler alone.
public struct ReferencePrematcher {
    public struct Decision {
        /// Indices into the groups and lines in the order they were added.
        public var pairs: [(group: Int, line: Int)] = []
        public var restGroups: [Int] = []
        public var restLines: [Int] = []

        public init(pairs: [(group: Int, line: Int)] = [], restGroups: [Int] = [], restLines: [Int] = []) {
            self.pairs = pairs
            self.restGroups = restGroups
            self.restLines = restLines
        }
    }

    let windowDays: Int
    public var lines: Lines { groups.lines! }
    public let groups: Groups
    private let scan: Scan
    private var tokensNamedInDescriptions: Set<String> = []

    /// `groups` must be linked to the lines (``Groups/link(_:)``).
    public init(windowDays: Int, groups: Groups) {
        precondition(groups.isLinked, "Groups.link(_:) first")
        self.windowDays = windowDays
        self.groups = groups
        scan = Self.scanLines(groups)
    }

    /// Lines that read their description in phase 1: no reference, or one
    /// that names no open group. Their descriptions go to
    /// ``addDescription(_:)`` before ``decide()``.
    public var linesReadingDescriptions: [Int] { scan.reading }

    /// The description of one of ``linesReadingDescriptions``.
    public mutating func addDescription(_ description: String) {
        tokensNamedInDescriptions.formUnion(ReferenceText.tokens(of: description))
    }

    /// One pass over the lines, in their order: which read descriptions, and
    /// for each line that is the only one with its reference and names a
    /// group that is the only one with it, that group.
    private struct Scan {
        var reading: [Int] = []
        var candidates: [(line: Int, group: Int)] = []
    }

    private static func scanLines(_ groups: Groups) -> Scan {
        var scan = Scan()
        let lines = groups.lines!
        for line in lines.ids.indices {
            let entry = Int(lines.entryOfLine[line])
            guard entry >= 0 else {
                scan.reading.append(line)
                continue
            }
            let group = Int(groups.entries[entry].group)
            if groups.entries[entry].line == line {
                if group >= 0 { scan.candidates.append((line, group)) } else { scan.reading.append(line) }
                continue
            }
            // One of several lines with this hash: it names a group only if
            // the group alone has the hash and the very same reference. (A
            // hash shared with other groups makes it read its description,
            // which only excludes more.)
            let namesGroup =
                group >= 0
                && lines.text.withBytes(lines.references[line]) { lineReference in
                    groups.text.withBytes(groups.records[group].settlementRef) {
                        ReferenceText.haveSameNormalized(lineReference, $0)
                    }
                }
            if !namesGroup { scan.reading.append(line) }
        }
        return scan
    }

    /// Pairs in the order the lines were read: the engine reads them in table
    /// order, which follows their ids, so recon_matches' primary key grows
    /// at its end instead of at random (a third of the cost of a COPY in
    /// random order).
    public func decide() -> Decision {
        decide { _, _ in }
    }

    /// Also hands each pair over as soon as it is found (the engine writes
    /// them while the rest is worked out).
    public func decide(_ pair: (_ group: Int, _ line: Int) throws -> Void) rethrows -> Decision {
        var decision = Decision()
        var groupTaken = [Bool](repeating: false, count: groups.count)
        var lineTaken = [Bool](repeating: false, count: lines.ids.count)
        let clean = CleanPairTest(windowDays: windowDays, groups: groups, tokensNamed: tokensNamedInDescriptions)
        for candidate in scan.candidates where clean.holds(line: candidate.line, group: candidate.group) {
            try pair(candidate.group, candidate.line)
            decision.pairs.append((candidate.group, candidate.line))
            groupTaken[candidate.group] = true
            lineTaken[candidate.line] = true
        }
        decision.restGroups = (0..<groups.count).filter { !groupTaken[$0] }
        decision.restLines = lines.ids.indices.filter { !lineTaken[$0] }
        return decision
    }

    /// Everything left to the Reconciler (the tests' reference path).
    public func decideNothing() -> Decision {
        Decision(pairs: [], restGroups: Array(0..<groups.count), restLines: Array(lines.ids.indices))
    }

    /// Conditions 1, 3 and 4 for a line that names exactly one group and is
    /// the only line naming it by reference (condition 2). The columns are
    /// bound once: reaching them through the matcher on every one of a
    /// million candidates retained each array each time.
    private struct CleanPairTest {
        let windowDays: Int
        let lineAmounts: [Int64]
        let lineDays: [Int]
        let lineCurrencies: [Int32]
        let lineCurrencyOfGroupCurrency: [Int32]
        let groups: [Groups.Record]
        let groupTexts: TextArena
        let tokensNamed: Set<String>

        init(windowDays: Int, groups: Groups, tokensNamed: Set<String>) {
            self.windowDays = windowDays
            lineAmounts = groups.lines!.amounts
            lineDays = groups.lines!.days
            lineCurrencies = groups.lines!.currencyNumbers
            lineCurrencyOfGroupCurrency = groups.lineCurrency
            self.groups = groups.records
            groupTexts = groups.text
            self.tokensNamed = tokensNamed
        }

        func holds(line: Int, group: Int) -> Bool {
            let record = groups[group]
            guard record.hasOneToken, lineAmounts[line] == record.net, abs(lineDays[line] - record.day) <= windowDays,
                lineCurrencies[line] == lineCurrencyOfGroupCurrency[Int(record.currency)]
            else { return false }
            return tokensNamed.isEmpty
                || !tokensNamed.contains(
                    ReferenceText.tokens(of: groupTexts.string(record.settlementRef))[0])
        }
    }
}
