/// Finds the items nearest to an unmatched one on the other side (SPEC §6
/// `candidates`) without scanning them all: per currency, items sorted by
/// (amount, day, index); the three on each side of where the unmatched item
/// would sit are ranked by |amount difference|, then |days apart|, then index,
/// and the best three kept. Within one amount that is exactly the nearest by
/// date; across amounts it is the nearest by amount, and among several items
/// of the next amount, nearly the nearest by date. Items of another currency
/// are never candidates: no amount difference can be stated.
struct CandidateFinder {
    struct Entry: Comparable {
        var amount: Int64
        var day: Int
        var index: Int

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.amount, lhs.day, lhs.index) < (rhs.amount, rhs.day, rhs.index)
        }
    }

    static let count = 3
    private var entriesByCurrency: [String: [Entry]] = [:]

    init<Items: Sequence>(_ items: Items) where Items.Element == (currency: String, entry: Entry) {
        for item in items { entriesByCurrency[item.currency, default: []].append(item.entry) }
        for currency in entriesByCurrency.keys { entriesByCurrency[currency]!.sort() }
    }

    /// Indices of the nearest items, best first.
    func nearest(currency: String, amount: Int64, day: Int) -> [Int] {
        guard let entries = entriesByCurrency[currency] else { return [] }
        let probe = Entry(amount: amount, day: day, index: Int.min)
        let position = Self.lowerBound(entries, probe)
        let span = entries[max(0, position - Self.count - 1)..<min(entries.count, position + Self.count + 1)]
        let ranked = span.sorted { lhs, rhs in
            let left = (Self.distance(lhs.amount, amount), abs(lhs.day - day), lhs.index)
            let right = (Self.distance(rhs.amount, amount), abs(rhs.day - day), rhs.index)
            return left < right
        }
        return ranked.prefix(Self.count).map(\.index)
    }

    static func lowerBound(_ entries: [Entry], _ probe: Entry) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle] < probe { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// |lhs − rhs| without overflow, as an unsigned magnitude.
    static func distance(_ lhs: Int64, _ rhs: Int64) -> UInt64 {
        lhs >= rhs ? UInt64(bitPattern: lhs &- rhs) : UInt64(bitPattern: rhs &- lhs)
    }
}
