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
///
/// The groups come first, complete (``Groups``). The lines are then decided
/// one by one as they are read, so the engine writes each pair while the
/// rest are still arriving; what only the end can tell — a later line with
/// the same reference, a description naming the group — *retracts* a pair
/// already written (``Decision/retractedLineIDs``), which is rare.
public struct ReferencePrematcher {
    public struct Decision {
        /// The pairs that hold: group indices and bank line ids, in the
        /// order the lines were read.
        public var pairs: [(group: Int, lineID: Int64)] = []
        /// Lines whose pairs were handed over by ``decide(lineID:reference:amount:currency:bookingDay:)``
        /// but do not hold after all: their matches must be deleted.
        public var retractedLineIDs: [Int64] = []
        public var restGroups: [Int] = []
        public var restLineIDs: [Int64] = []
    }

    let windowDays: Int
    public let groups: Groups
    /// Off: nothing is paired, everything is left to the Reconciler (the
    /// engine's equivalence tests compare both).
    let pairing: Bool
    private var lineIDs: [Int64] = []
    /// Each distinct hash of a line's normalized reference numbered, and per
    /// number the pair its first line made (index into `handedOver`), -1
    /// for none, -2 once a second line has it.
    private var lineReferences = HashNumbering()
    private var pairOfReference: [Int32] = []
    private var handedOver: [(group: Int32, line: Int32, retracted: Bool)] = []
    private var reading: [Int] = []
    private var tokensNamedInDescriptions: Set<String> = []
    private let currencyCodes: [[UInt8]]

    /// `groups` must hold every open group, complete.
    public init(windowDays: Int, groups: Groups, pairing: Bool = true) {
        self.windowDays = windowDays
        self.groups = groups
        self.pairing = pairing
        currencyCodes = groups.currencies.names.map { Array($0.utf8) }
    }

    /// Decides one line as it is read; returns the group it pairs with (to be
    /// written now), if any. Lines must come in one order the whole night.
    public mutating func decide(
        lineID: Int64, reference: UnsafeRawBufferPointer?, amount: Int64, currency: UnsafeRawBufferPointer,
        bookingDay: Int
    ) -> Int? {
        let line = lineIDs.count
        lineIDs.append(lineID)
        guard let reference else {
            reading.append(line)
            return nil
        }
        let hash = groups.hashing.hash(reference)
        // Phase 1 gives a line to the group its reference names; a line
        // naming none reads its description.
        let group = groups.group(namedBy: reference, hash: hash)
        if group == nil { reading.append(line) }
        let number = lineReferences.number(adding: hash)
        guard number.isNew else {
            // A second line with this reference: neither is the only one.
            let pair = Int(pairOfReference[number.number])
            if pair >= 0 { handedOver[pair].retracted = true }
            pairOfReference[number.number] = -2
            return nil
        }
        pairOfReference.append(-1)
        guard pairing, let group, isClean(group: group, amount: amount, currency: currency, bookingDay: bookingDay)
        else { return nil }
        pairOfReference[number.number] = Int32(handedOver.count)
        handedOver.append((Int32(group), Int32(line), false))
        return group
    }

    /// Lines that read their description in phase 1: no reference, or one
    /// that names no open group. Known once every line is decided; their
    /// descriptions go to ``addDescription(_:)`` before ``finish()``.
    public var linesReadingDescriptions: [Int64] { reading.map { lineIDs[$0] } }

    /// The description of one of ``linesReadingDescriptions``.
    public mutating func addDescription(_ description: String) {
        tokensNamedInDescriptions.formUnion(ReferenceText.tokens(of: description))
    }

    /// The night's pairs, what to retract, and the rest for the Reconciler.
    public func finish() -> Decision {
        var decision = Decision()
        var groupTaken = [Bool](repeating: false, count: groups.count)
        var lineTaken = [Bool](repeating: false, count: lineIDs.count)
        for pair in handedOver {
            let lineID = lineIDs[Int(pair.line)]
            if pair.retracted || isNamedInDescriptions(group: Int(pair.group)) {
                decision.retractedLineIDs.append(lineID)
                continue
            }
            decision.pairs.append((Int(pair.group), lineID))
            groupTaken[Int(pair.group)] = true
            lineTaken[Int(pair.line)] = true
        }
        decision.restGroups = (0..<groups.count).filter { !groupTaken[$0] }
        decision.restLineIDs = lineIDs.indices.filter { !lineTaken[$0] }.map { lineIDs[$0] }
        return decision
    }

    /// Conditions 1 and 4 (condition 3 waits for the descriptions).
    private func isClean(group: Int, amount: Int64, currency: UnsafeRawBufferPointer, bookingDay: Int) -> Bool {
        let record = groups.records[group]
        return record.hasOneToken && amount == record.net && abs(bookingDay - record.day) <= windowDays
            && currencyCodes[Int(record.currency)].elementsEqual(currency)
    }

    /// Condition 3: a line reading its description names the group's token.
    private func isNamedInDescriptions(group: Int) -> Bool {
        guard !tokensNamedInDescriptions.isEmpty else { return false }
        let reference = groups.text.string(groups.records[group].settlementRef)
        return tokensNamedInDescriptions.contains(ReferenceText.tokens(of: reference)[0])
    }
}
