import ReconCore

/// Tonight's open groups summed for the reports: per currency, and per
/// settlement day of the two weeks up to the run date, how much was matched
/// cleanly and how much stays open. Filled from the prematched sums and from
/// the groups the Reconciler decided, so no report needs the groups.
struct NightAmounts {
    let runDate: CivilDate
    private(set) var byCurrency: [String: (matched: Int64, open: Int64)] = [:]
    private var byDay: [String: DailyAmounts] = [:]

    init(runDate: CivilDate) {
        self.runDate = runDate
    }

    mutating func add(currency: Currency, settlementDate: CivilDate, net: Int64, matched: Bool) {
        var totals = byCurrency[currency.code] ?? (0, 0)
        if matched { totals.matched += net } else { totals.open += net }
        byCurrency[currency.code] = totals
        guard let firstDay = runDate.adding(days: -13), settlementDate >= firstDay, settlementDate <= runDate else { return }
        let key = "\(settlementDate) \(currency.code)"
        var day = byDay[key] ?? DailyAmounts(date: settlementDate, currency: currency, matched: 0, open: 0)
        if matched { day.matched += net } else { day.open += net }
        byDay[key] = day
    }

    /// Matched vs open per settlement day and currency, oldest first.
    var daily: [DailyAmounts] {
        byDay.values.sorted { ($0.date, $0.currency.code) < ($1.date, $1.currency.code) }
    }
}
