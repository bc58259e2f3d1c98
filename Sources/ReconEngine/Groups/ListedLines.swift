/// The first lines of a file that belong to one group and type, ascending, at
/// most `limit` of them (what `recon show` lists, sql/016's `first_lines`).
///
/// Kept as one run of consecutive lines plus, only if the lines are not
/// consecutive, an array of the others: providers write a payout's rows
/// together, so most groups cost 8 bytes here instead of an array of 50
/// (about 290 bytes of heap per group, 23 MB at 80,000 groups in one file).
struct ListedLines: Sendable, Equatable {
    let limit: Int
    /// The leading run `runStart ..< runStart + runCount`.
    private var runStart: Int32 = 0
    private var runCount: Int32 = 0
    /// The lines after the run that do not continue it, ascending.
    private var others: [Int32] = []

    init(limit: Int) {
        precondition(limit > 0, "a group lists at least one line")
        self.limit = limit
    }

    var count: Int { Int(runCount) + others.count }
    var isFull: Bool { count >= limit }
    private var last: Int32? { others.last ?? (runCount > 0 ? runStart + runCount - 1 : nil) }

    var lines: [Int32] {
        var lines = [Int32]()
        lines.reserveCapacity(count)
        lines.append(contentsOf: runStart ..< runStart + runCount)
        lines.append(contentsOf: others)
        return lines
    }

    mutating func add(_ line: Int32) {
        // Lines arrive in file order: continuing the run is the usual case.
        if others.isEmpty, runCount > 0, line == runStart + runCount {
            if runCount < limit { runCount += 1 }
            return
        }
        if runCount == 0 {
            runStart = line
            runCount = 1
            return
        }
        if let last, line > last {
            if !isFull { others.append(line) }
            return
        }
        replace(with: Self.merged(lines, [line], limit: limit))
    }

    mutating func merge(_ other: ListedLines) {
        guard other.count > 0 else { return }
        if let last, let otherFirst = other.first, otherFirst > last {
            // Chunks are merged in file order: the other's lines come after.
            if isFull { return }
            if others.isEmpty, other.others.isEmpty, otherFirst == last + 1 {
                runCount = Int32(min(Int(runCount) + Int(other.runCount), limit))
                return
            }
        }
        replace(with: Self.merged(lines, other.lines, limit: limit))
    }

    private var first: Int32? { runCount > 0 ? runStart : others.first }

    private mutating func replace(with sorted: [Int32]) {
        runCount = 0
        others = []
        guard let head = sorted.first else { return }
        runStart = head
        var index = 0
        while index < sorted.count, sorted[index] == head + Int32(index) { index += 1 }
        runCount = Int32(index)
        if index < sorted.count { others = Array(sorted[index...]) }
    }

    /// Both ascending; duplicates cannot occur (a line belongs to one record).
    private static func merged(_ a: [Int32], _ b: [Int32], limit: Int) -> [Int32] {
        var result = a + b
        result.sort()
        if result.count > limit { result.removeLast(result.count - limit) }
        return result
    }
}
