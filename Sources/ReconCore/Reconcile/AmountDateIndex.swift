/// The groups an unreferenced bank line may pay (SPEC §5.3): buckets by
/// (currency, net), each sorted by settlement day, so the groups within ±W
/// days of a booking date are one binary search away.
struct AmountDateIndex {
    private struct Bucket: Hashable {
        var currency: String
        var amount: Int64
    }

    private struct Entry {
        var day: Int
        var groupIndex: Int
    }

    private var entriesByBucket: [Bucket: [Entry]] = [:]

    init(groups: [SettlementGroup], including isCandidate: (Int) -> Bool) {
        for (index, group) in groups.enumerated() where isCandidate(index) {
            let bucket = Bucket(currency: group.currency.code, amount: group.net)
            entriesByBucket[bucket, default: []].append(Entry(day: group.settlementDate.daysSinceEpoch, groupIndex: index))
        }
        for bucket in entriesByBucket.keys {
            entriesByBucket[bucket]!.sort { ($0.day, $0.groupIndex) < ($1.day, $1.groupIndex) }
        }
    }

    struct Fit {
        /// How many groups fit.
        var count: Int
        /// Up to `shownMax` of them, nearest settlement day first: enough to
        /// name in a report, and bounded even when a thousand groups share an
        /// amount and a day.
        var nearest: [Int]
    }

    static let shownMax = 10

    func groupsFitting(_ line: BankLine, windowDays: Int) -> Fit {
        guard let entries = entriesByBucket[Bucket(currency: line.currency.code, amount: line.amount)] else {
            return Fit(count: 0, nearest: [])
        }
        let booking = line.bookingDate.daysSinceEpoch
        let first = Self.firstIndex(entries, dayAtLeast: booking - windowDays)
        let end = Self.firstIndex(entries, dayAtLeast: booking + windowDays + 1)
        // Walk outwards from the booking day, taking the nearer side each step.
        var before = Self.firstIndex(entries, dayAtLeast: booking) - 1
        var after = before + 1
        var nearest: [Int] = []
        while nearest.count < Self.shownMax, before >= first || after < end {
            let takeAfter = before < first || (after < end && entries[after].day - booking <= booking - entries[before].day)
            if takeAfter {
                nearest.append(entries[after].groupIndex)
                after += 1
            } else {
                nearest.append(entries[before].groupIndex)
                before -= 1
            }
        }
        return Fit(count: end - first, nearest: nearest)
    }

    private static func firstIndex(_ entries: [Entry], dayAtLeast day: Int) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].day < day { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
