/// Finds the items nearest to an unmatched one on the other side (SPEC §6
/// `candidates`) without scanning them all: per currency, items sorted by
/// (amount, day, index); the nine on each side of where the unmatched item
/// would sit are ranked by |amount difference|, then |days apart|, then
/// reference similarity, then index, and the best three within reach kept. Within one amount that is exactly the nearest by
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

    /// How far a candidate may be and still explain anything: within 10 %
    /// of the unmatched amount (a fee or FX deduction, a typo in one digit)
    /// and 31 days of its date (a booking a month late). Anything farther is
    /// no near miss, and showing it would only mislead (README "Candidates").
    static let amountShareMaxPercent: UInt64 = 10
    static let daysApartMax = 31

    /// Indices of the nearest items, best first, ranked by |amount
    /// difference|, then |days apart|, then `similarity` (higher first: how
    /// much of the references agree), then index; none beyond the limits above.
    func nearest(currency: String, amount: Int64, day: Int, similarity: (Int) -> Int = { _ in 0 }) -> [Int] {
        guard let entries = entriesByCurrency[currency] else { return [] }
        let probe = Entry(amount: amount, day: day, index: Int.min)
        let position = Self.lowerBound(entries, probe)
        let reach = Self.count * 3
        let span = entries[max(0, position - reach - 1)..<min(entries.count, position + reach + 1)]
        let amountMax = Self.distance(amount, 0) / 100 * Self.amountShareMaxPercent
            + Self.distance(amount, 0) % 100 * Self.amountShareMaxPercent / 100
        let ranked = span.map { entry in
            (Self.distance(entry.amount, amount), abs(entry.day - day), -similarity(entry.index), entry.index)
        }.filter { $0.0 <= amountMax && $0.1 <= Self.daysApartMax }.sorted { $0 < $1 }
        return ranked.prefix(Self.count).map(\.3)
    }

    /// Length of the common prefix of two normalized references: "PO-1234"
    /// is nearer "PO-1243" than "XY-1234". Nil on either side counts 0.
    static func referenceSimilarity(_ lhs: String?, _ rhs: String?) -> Int {
        guard let lhs, let rhs else { return 0 }
        var count = 0
        for (left, right) in zip(ReferenceText.normalized(lhs).utf8, ReferenceText.normalized(rhs).utf8) {
            guard left == right else { break }
            count += 1
        }
        return count
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
