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
    /// second connection while the groups are aggregated).
    public struct Lines {
        public private(set) var ids: [Int64] = []
        var amounts: [Int64] = []
        var currencies: [String] = []
        var days: [Int] = []
        var references: [String?] = []
        /// Filled by ``index()``.
        var norms: [String?] = []
        /// Hash of a normalized reference → the only line with it, or -1.
        var byNorm: [UInt64: Int] = [:]
        let hash: (String) -> UInt64

        public init() { self.init(hash: ReferencePrematcher.fnv1a) }
        init(hash: @escaping (String) -> UInt64) { self.hash = hash }

        /// Only stores: the engine reads lines as fast as the server sends
        /// them and indexes them while the server aggregates the groups.
        public mutating func add(id: Int64, reference: String?, amount: Int64, currency: String, bookingDay: Int) {
            ids.append(id)
            amounts.append(amount)
            currencies.append(currency)
            days.append(bookingDay)
            references.append(reference)
        }

        /// Normalizes every reference and indexes the lines by it.
        public mutating func index() {
            norms = references.map { $0.map(ReferenceText.normalized) }
            byNorm.reserveCapacity(norms.count)
            for (index, norm) in norms.enumerated() {
                guard let norm else { continue }
                let key = hash(norm)
                byNorm[key] = byNorm[key] == nil ? index : -1
            }
        }
    }

    /// The open groups, built on their own.
    public struct Groups {
        public private(set) var keys: [SettlementGroup.Key] = []
        public private(set) var nets: [Int64] = []
        public private(set) var days: [Int] = []
        var norms: [String] = []
        /// Hash of a normalized reference → the only group with that hash, or
        /// -1 when several. Integer keys: a million string keys cost a string
        /// comparison on every hit. A hash shared by two references only
        /// makes -1 (no pair) or is caught by comparing the references.
        var byNorm: [UInt64: Int] = [:]
        let hash: (String) -> UInt64

        public init() { self.init(hash: ReferencePrematcher.fnv1a) }
        init(hash: @escaping (String) -> UInt64) { self.hash = hash }

        public mutating func add(_ key: SettlementGroup.Key, net: Int64, settlementDay: Int) {
            let norm = ReferenceText.normalized(key.settlementRef)
            let index = keys.count
            keys.append(key)
            nets.append(net)
            days.append(settlementDay)
            norms.append(norm)
            let hashed = hash(norm)
            byNorm[hashed] = byNorm[hashed] == nil ? index : -1
        }
    }

    let windowDays: Int
    public let lines: Lines
    public let groups: Groups
    private let scan: Scan
    private var tokensNamedInDescriptions: Set<String> = []

    /// `lines` must be indexed, and built with the same hash as `groups`.
    public init(windowDays: Int, lines: Lines, groups: Groups) {
        precondition(lines.norms.count == lines.ids.count, "Lines.index() first")
        self.windowDays = windowDays
        self.lines = lines
        self.groups = groups
        scan = Self.scanLines(lines, groups)
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

    private static func scanLines(_ lines: Lines, _ groups: Groups) -> Scan {
        var scan = Scan()
        for index in lines.ids.indices {
            guard let norm = lines.norms[index] else {
                scan.reading.append(index)
                continue
            }
            let hashed = groups.hash(norm)
            guard let group = groups.byNorm[hashed], group >= 0, groups.norms[group] == norm else {
                // Several groups under this hash may hold none with this very
                // reference: reading the description then only excludes more.
                scan.reading.append(index)
                continue
            }
            if lines.byNorm[hashed] == index { scan.candidates.append((index, group)) }
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
        for candidate in scan.candidates where isClean(line: candidate.line, group: candidate.group) {
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
    /// the only line naming it by reference (condition 2).
    private func isClean(line: Int, group: Int) -> Bool {
        let key = groups.keys[group]
        guard lines.amounts[line] == groups.nets[group], abs(lines.days[line] - groups.days[group]) <= windowDays,
            lines.currencies[line] == key.currency, ReferenceText.hasOneToken(key.settlementRef)
        else { return false }
        return tokensNamedInDescriptions.isEmpty
            || !tokensNamedInDescriptions.contains(ReferenceText.tokens(of: key.settlementRef)[0])
    }

    /// FNV-1a over the UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
