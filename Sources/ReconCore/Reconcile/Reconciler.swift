/// One night's matching of settlement groups against bank lines (SPEC §5), as a
/// pure function of plain values: the engine loads a ``ReconcileInput`` from
/// the store, calls ``reconcile(_:)`` and stores the ``ReconcileResult``.
///
/// Phases, each deciding over inputs sorted by stable keys (group key, bank
/// line id) so the result never depends on input order:
/// 1. **Reference**: each line names groups by its reference field, else by
///    description tokens (``ReferenceText``). Among several named groups the
///    line goes to the only one in its currency; among several in its currency
///    to the only one whose net equals the line; otherwise the line is
///    `AMBIGUOUS_MATCH` and claims nothing.
/// 1b. **Many to one** (SPEC §5.6): a line naming several groups of its
///    currency by distinct refs pays them together when no other line names
///    any of them; else it is `AMBIGUOUS_MATCH` and claims nothing.
/// 2. **Settle by reference**: each group with named lines is settled by
///    ``GroupSettlement`` (split, duplicates, amount/currency/date checks).
/// 3. **Amount and date**: a line that named no open group matches the only
///    group left without reference lines of the same currency and amount whose
///    settlement date is within ±W days of the booking date. Several fitting →
///    `AMBIGUOUS_MATCH`. Candidates are counted among the groups open when the
///    phase starts, not after other lines took theirs, so no line's outcome
///    depends on which line is looked at first. When several lines have the
///    same single group, the earliest (booking date, id) gets it and the
///    others stay unmatched, showing that group as their nearest candidate.
/// 4. **Leftovers**: unmatched groups and lines are pending inside the window,
///    `MISSING_IN_BANK` / `UNEXPECTED_BANK_LINE` after it.
///
/// Decisions where SPEC §5 is silent:
/// - References compare trimmed and case-insensitively, in the reference
///   field as in the description; "token" is defined in ``ReferenceText``.
/// - A reference naming no *open* group (e.g. a group closed on an earlier
///   night) is no usable reference: the line may still match by amount and
///   date, else it becomes `UNEXPECTED_BANK_LINE` with the reference in its
///   detail. A late duplicate of an already settled payout ends up there.
/// - One row per match, most important kind first: currency, then amount,
///   then date. `DATE_OUT_OF_WINDOW` applies to any line of a split.
/// - `AMBIGUOUS_MATCH` is reported at once, inside the window too: waiting
///   cannot resolve it. The line stays unclaimed and comes back next night.
/// - A group whose net is 0 is treated like any other: with no line naming
///   it, it is `MISSING_IN_BANK` after the window (SPEC §5.4 literally).
/// - `first_seen` is looked up by ``Mismatch/identity``; a row about one line
///   includes its ``Mismatch/bankLineID`` so lines without `bank_txn_id` stay
///   apart.
///
/// What the engine persists (SPEC §5.5): every ``ReconcileMatch`` claims its
/// lines for its group. A group with a clean match is closed; so are the
/// lines of duplicate and stray-currency matches. The engine may keep a group
/// whose own match is a mismatch (amount, currency, date) open instead, by
/// passing it and its lines again the next night: the problem is then
/// reported every night with its first `first_seen` until a further line or
/// transaction heals it (tested in `ReconcileNightsTests`). Reopening a group
/// works the same way: pass it with its new net and its released lines.
/// Rerunning a night must start from the state before that night, so the
/// same input gives the same result.
public struct Reconciler {
    let runDate: CivilDate
    let windowDays: Int
    /// Sorted by key; every index below refers to this order.
    let groups: [SettlementGroup]
    /// Sorted by bank line id.
    let lines: [OpenBankLine]
    let firstSeenByIdentity: [String: CivilDate]
    let statementGaps: [StatementGap]
    /// Currency code → largest tolerated |difference|, minor units.
    let amountTolerance: [String: Int64]

    var result = ReconcileResult()
    /// Per group, indices of the lines that named it (phase 1).
    var namedLinesByGroup: [[Int]]
    var ruleByLine: [MatchRule?]
    var groupSettled: [Bool]
    var lineClaimed: [Bool]
    var lineAmbiguous: [Bool]
    /// Lines naming several groups of their currency by distinct refs (phase
    /// 1), settled together or reported ambiguous by ``settleManyToOneLines()``.
    var manyToOneCandidates: [(line: Int, groups: [Int], rule: MatchRule)] = []
    /// Groups whose own lines matched, clean or not. Kept as counts because a
    /// group can own several matches (its lines plus duplicates beside them).
    var groupsSettledClean = 0
    var groupsSettledWithMismatch = 0
    /// The group index of each of `result.matches`, so matches sort by
    /// integers rather than by key strings.
    var matchGroupIndices: [Int] = []

    public static func reconcile(_ input: ReconcileInput) -> ReconcileResult {
        var reconciler = Reconciler(input)
        reconciler.nameGroupsByReference()
        reconciler.settleManyToOneLines()
        reconciler.settleGroupsNamedByReference()
        reconciler.matchByAmountAndDate()
        reconciler.reportLeftovers()
        reconciler.reportStatementGaps()
        reconciler.finish()
        return reconciler.result
    }

    init(_ input: ReconcileInput) {
        precondition(input.windowDays >= 0, "window_days is validated with the job file")
        runDate = input.runDate
        windowDays = input.windowDays
        let groupOrder = input.groups.indices.sorted { input.groups[$0].key < input.groups[$1].key }
        groups = groupOrder.map { input.groups[$0] }
        // Positions are sorted and rows placed once: sorting the values
        // themselves copies each row many times.
        let lineOrder = input.bankLines.indices.sorted { input.bankLines[$0].bankLineID < input.bankLines[$1].bankLineID }
        lines = lineOrder.map { input.bankLines[$0] }
        for index in groups.indices.dropFirst() {
            precondition(groups[index - 1].key != groups[index].key, "the engine builds one group per key")
        }
        for index in lines.indices.dropFirst() {
            precondition(lines[index - 1].bankLineID != lines[index].bankLineID, "bank line ids are unique")
        }
        firstSeenByIdentity = input.firstSeenByIdentity
        statementGaps = input.statementGaps
        amountTolerance = input.amountTolerance
        namedLinesByGroup = Array(repeating: [], count: groups.count)
        ruleByLine = Array(repeating: nil, count: lines.count)
        groupSettled = Array(repeating: false, count: groups.count)
        lineClaimed = Array(repeating: false, count: lines.count)
        lineAmbiguous = Array(repeating: false, count: lines.count)
    }

    /// Days between a booking and a settlement date, signed (booking later > 0).
    static func daysApart(_ booking: CivilDate, _ settlement: CivilDate) -> Int {
        booking.daysSinceEpoch - settlement.daysSinceEpoch
    }

    func isPastWindow(_ date: CivilDate) -> Bool {
        date.daysSinceEpoch + windowDays < runDate.daysSinceEpoch
    }

    /// Stable `first_seen`, report order and counts.
    mutating func finish() {
        for index in result.mismatches.indices {
            let identity = result.mismatches[index].identity
            result.mismatches[index].firstSeen = firstSeenByIdentity[identity] ?? runDate
        }
        // Sorting small keys, not rows: a row is large, and copying it through
        // a merge sort cost more than the comparisons at a million rows.
        let rows = result.mismatches
        var keys = rows.indices.map { MismatchReportKey(rows[$0], position: $0) }
        keys.sort()
        result.mismatches = keys.map { rows[$0.position] }
        result.ambiguousBankLineIDs.sort()
        result.mismatchedGroupKeys.sort()
        let matchOrder = result.matches.indices.map { (matchGroupIndices[$0], result.matches[$0].bankLineIDs[0], $0) }
        result.matches = matchOrder.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { result.matches[$0.2] }
        countOutcomes()
    }

    mutating func countOutcomes() {
        var counts = ReconcileCounts()
        // A many-to-one line is in one match per group: counted once.
        var sharedLinesCounted: Set<Int64> = []
        for match in result.matches {
            if match.sharesLine, !sharedLinesCounted.insert(match.bankLineIDs[0]).inserted { continue }
            if match.isClean {
                counts.bankLinesMatched += match.bankLineIDs.count
            } else {
                counts.bankLinesMismatched += match.bankLineIDs.count
            }
        }
        counts.groupsMatched = groupsSettledClean
        counts.groupsMismatched = groupsSettledWithMismatch + result.missingGroupKeys.count
        counts.groupsPending = result.pendingGroupKeys.count
        counts.bankLinesPending = result.pendingBankLineIDs.count
        counts.bankLinesMismatched += result.unexpectedBankLineIDs.count + result.ambiguousBankLineIDs.count
        result.counts = counts
    }
}
