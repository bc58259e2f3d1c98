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

    /// The open lines, built on their own (the engine streams them on a
    /// second session while the groups are aggregated).
    public struct Lines {
        public private(set) var ids: [Int64] = []
        var amounts: [Int64] = []
        var currencies: [String] = []
        var days: [Int] = []
        var references: [String?] = []
        /// Filled by ``index()``: each distinct hash of a normalized
        /// reference is an *entry*; per line its entry (-1: no reference),
        /// per entry its only line (-1: several).
        var entryOfLine: [Int32] = []
        var lineOfEntry: [Int32] = []
        var entries = HashNumbering(capacity: 0)
        let hashing: Hashing

        public init() { self.init(hashing: .normalizedReference) }
        init(hashing: Hashing) { self.hashing = hashing }

        /// Only stores: the engine reads lines as fast as the server sends
        /// them and indexes them while the server aggregates the groups.
        public mutating func add(id: Int64, reference: String?, amount: Int64, currency: String, bookingDay: Int) {
            ids.append(id)
            amounts.append(amount)
            currencies.append(currency)
            days.append(bookingDay)
            references.append(reference)
        }

        /// Adds lines read elsewhere, before ``index()``.
        public mutating func append(_ other: Lines) {
            precondition(entryOfLine.isEmpty, "append before index()")
            ids += other.ids
            amounts += other.amounts
            currencies += other.currencies
            days += other.days
            references += other.references
        }

        /// Numbers the lines' normalized references.
        public mutating func index() {
            entries = HashNumbering(capacity: references.count)
            entryOfLine = Array(repeating: -1, count: references.count)
            lineOfEntry = []
            lineOfEntry.reserveCapacity(references.count)
            for (line, reference) in references.enumerated() {
                guard let reference else { continue }
                let entry = entries.number(adding: hashing.hash(reference))
                if entry.isNew { lineOfEntry.append(Int32(line)) } else { lineOfEntry[entry.number] = -1 }
                entryOfLine[line] = Int32(entry.number)
            }
        }

        var isIndexed: Bool { entryOfLine.count == ids.count }

        /// The entry of lines whose normalized reference hashes like
        /// `reference`'s, if any line has one.
        func entry(hashingLike reference: String) -> Int? {
            entries.number(of: hashing.hash(reference))
        }
    }

    /// How references are hashed: equal normalized references must hash
    /// equally. The tests send every reference to one hash to check that
    /// collisions only cost pairs.
    enum Hashing {
        case normalizedReference
        case constant(UInt64)

        func hash(_ reference: String) -> UInt64 {
            switch self {
            case .normalizedReference: ReferenceText.normalizedHash(reference)
            case .constant(let value): value
            }
        }
    }

    /// The open groups, each looked up among indexed ``Lines`` as it is
    /// added, so the engine does this while the server is still sending.
    public struct Groups {
        public let lines: Lines
        public private(set) var keys: [SettlementGroup.Key] = []
        public private(set) var nets: [Int64] = []
        public private(set) var days: [Int] = []
        var oneToken: [Bool] = []
        /// Per entry of `lines`: -1 no group has its hash; g ≥ 0 group g
        /// alone has it (and, when the entry has one line, that line's
        /// normalized reference); -2 several groups have it, or one group
        /// whose reference differs from the line's (a hash collision).
        var groupOfEntry: [Int32]

        public init(lines: Lines) {
            precondition(lines.isIndexed, "Lines.index() first")
            self.lines = lines
            groupOfEntry = Array(repeating: -1, count: lines.lineOfEntry.count)
        }

        public mutating func add(_ key: SettlementGroup.Key, net: Int64, settlementDay: Int) {
            let group = keys.count
            keys.append(key)
            nets.append(net)
            days.append(settlementDay)
            oneToken.append(ReferenceText.hasOneToken(key.settlementRef))
            guard let entry = lines.entry(hashingLike: key.settlementRef) else { return }
            guard groupOfEntry[entry] == -1 else {
                groupOfEntry[entry] = -2
                return
            }
            let line = Int(lines.lineOfEntry[entry])
            let sameReference =
                line < 0 || ReferenceText.haveSameNormalized(lines.references[line]!, key.settlementRef)
            groupOfEntry[entry] = sameReference ? Int32(group) : -2
        }
    }

    let windowDays: Int
    public var lines: Lines { groups.lines }
    public let groups: Groups
    private let scan: Scan
    private var tokensNamedInDescriptions: Set<String> = []

    public init(windowDays: Int, groups: Groups) {
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
        let lines = groups.lines
        for line in lines.ids.indices {
            let entry = Int(lines.entryOfLine[line])
            guard entry >= 0 else {
                scan.reading.append(line)
                continue
            }
            let group = Int(groups.groupOfEntry[entry])
            if lines.lineOfEntry[entry] == line {
                if group >= 0 { scan.candidates.append((line, group)) } else { scan.reading.append(line) }
                continue
            }
            // One of several lines with this hash: it names a group only if
            // the group alone has the hash and the very same reference. (A
            // hash shared with other groups makes it read its description,
            // which only excludes more.)
            if group < 0 || !ReferenceText.haveSameNormalized(lines.references[line]!, groups.keys[group].settlementRef) {
                scan.reading.append(line)
            }
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
        var groupTaken = [Bool](repeating: false, count: groups.keys.count)
        var lineTaken = [Bool](repeating: false, count: lines.ids.count)
        let clean = CleanPairTest(windowDays: windowDays, groups: groups, tokensNamed: tokensNamedInDescriptions)
        for candidate in scan.candidates where clean.holds(line: candidate.line, group: candidate.group) {
            try pair(candidate.group, candidate.line)
            decision.pairs.append((candidate.group, candidate.line))
            groupTaken[candidate.group] = true
            lineTaken[candidate.line] = true
        }
        decision.restGroups = groups.keys.indices.filter { !groupTaken[$0] }
        decision.restLines = lines.ids.indices.filter { !lineTaken[$0] }
        return decision
    }

    /// Everything left to the Reconciler (the tests' reference path).
    public func decideNothing() -> Decision {
        Decision(pairs: [], restGroups: Array(groups.keys.indices), restLines: Array(lines.ids.indices))
    }

    /// Conditions 1, 3 and 4 for a line that names exactly one group and is
    /// the only line naming it by reference (condition 2). The columns are
    /// bound once: reaching them through the matcher on every one of a
    /// million candidates retained each array each time.
    private struct CleanPairTest {
        let windowDays: Int
        let lineAmounts: [Int64]
        let lineDays: [Int]
        let lineCurrencies: [String]
        let groupKeys: [SettlementGroup.Key]
        let groupNets: [Int64]
        let groupDays: [Int]
        let groupOneToken: [Bool]
        let tokensNamed: Set<String>

        init(windowDays: Int, groups: Groups, tokensNamed: Set<String>) {
            self.windowDays = windowDays
            lineAmounts = groups.lines.amounts
            lineDays = groups.lines.days
            lineCurrencies = groups.lines.currencies
            groupKeys = groups.keys
            groupNets = groups.nets
            groupDays = groups.days
            groupOneToken = groups.oneToken
            self.tokensNamed = tokensNamed
        }

        func holds(line: Int, group: Int) -> Bool {
            guard groupOneToken[group], lineAmounts[line] == groupNets[group],
                abs(lineDays[line] - groupDays[group]) <= windowDays,
                lineCurrencies[line] == groupKeys[group].currency
            else { return false }
            return tokensNamed.isEmpty || !tokensNamed.contains(ReferenceText.tokens(of: groupKeys[group].settlementRef)[0])
        }
    }
}
