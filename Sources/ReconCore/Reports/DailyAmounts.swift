/// Matched and open money of one currency on one settlement date: one bar
/// pair of the `report.html` chart. Minor units of `currency`.
public struct DailyAmounts: Sendable, Equatable {
    public var date: CivilDate
    public var currency: Currency
    public var matched: Int64
    public var open: Int64

    public init(date: CivilDate, currency: Currency, matched: Int64, open: Int64) {
        self.date = date
        self.currency = currency
        self.matched = matched
        self.open = open
    }
}

extension DailyAmounts {
    /// By currency code, then date: the order reports show the series in.
    static func sorted(_ series: [DailyAmounts]) -> [DailyAmounts] {
        series.sorted { ($0.currency.code, $0.date) < ($1.currency.code, $1.date) }
    }
}
