/// An inline SVG chart of matched vs open money per settlement date for one
/// currency: one horizontal stacked bar per day (green matched, amber open)
/// with the exact amounts written beside it.
///
/// Horizontal bars so every date label and amount can be written out in full:
/// a finance reader wants the numbers, the bars only show proportions. Bar
/// lengths use magnitudes (a day whose net is negative still has a visible
/// bar; its sign is in the text) and integer arithmetic only.
struct HTMLBarChart {
    var currency: Currency
    var days: [DailyAmounts]

    static let labelWidth = 96
    static let barWidthMax = 380
    static let rowHeight = 28
    static let headerHeight = 24
    /// Right edges of the two amount columns: right-aligned like a ledger.
    static let matchedColumnEnd = 640
    static let openColumnEnd = 790
    static let width = 800

    func svg() -> String {
        let magnitudeMax = days.map { HTMLBarChart.saturatingSum($0.matched.magnitude, $0.open.magnitude) }.max() ?? 0
        let rowsBottom = HTMLBarChart.headerHeight + HTMLBarChart.rowHeight * days.count
        let height = rowsBottom + 30
        let title = "\(currency.code): matched and open amounts by settlement date"
        var svg = "<svg class=\"chart\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\" viewBox=\"0 0 "
            + "\(HTMLBarChart.width) \(height)\" width=\"\(HTMLBarChart.width)\" height=\"\(height)\">"
        svg += "<title>\(HTMLText.escape(title))</title>"
        svg += "<text x=\"0\" y=\"15\" class=\"column\">Settlement date</text>"
        svg += "<text x=\"\(HTMLBarChart.matchedColumnEnd)\" y=\"15\" class=\"column\" text-anchor=\"end\">"
            + "Matched \(currency.code)</text>"
        svg += "<text x=\"\(HTMLBarChart.openColumnEnd)\" y=\"15\" class=\"column\" text-anchor=\"end\">"
            + "Open \(currency.code)</text>"
        for (index, day) in days.enumerated() {
            svg += row(day, top: HTMLBarChart.headerHeight + index * HTMLBarChart.rowHeight, magnitudeMax: magnitudeMax)
        }
        svg += "\n" + legend(top: rowsBottom + 10)
        return svg + "</svg>"
    }

    private func row(_ day: DailyAmounts, top: Int, magnitudeMax: UInt64) -> String {
        let matchedWidth = HTMLBarChart.scaled(day.matched.magnitude, max: magnitudeMax)
        let openWidth = HTMLBarChart.scaled(day.open.magnitude, max: magnitudeMax)
        let barTop = top + 5
        let textBaseline = top + 19
        let x = HTMLBarChart.labelWidth
        let matchedText = AmountText.format(day.matched, currency: currency)
        let openText = AmountText.format(day.open, currency: currency)
        var row = "\n<text x=\"0\" y=\"\(textBaseline)\" class=\"day\">\(day.date)</text>"
        row += "<rect x=\"\(x)\" y=\"\(barTop)\" width=\"\(HTMLBarChart.barWidthMax)\" height=\"18\" class=\"track\"/>"
        if matchedWidth > 0 {
            row += "<rect x=\"\(x)\" y=\"\(barTop)\" width=\"\(matchedWidth)\" height=\"18\" class=\"matched\">"
                + "<title>\(day.date) matched \(matchedText) \(currency.code)</title></rect>"
        }
        if openWidth > 0 {
            row += "<rect x=\"\(x + matchedWidth)\" y=\"\(barTop)\" width=\"\(openWidth)\" height=\"18\" class=\"open\">"
                + "<title>\(day.date) open \(openText) \(currency.code)</title></rect>"
        }
        row += "<text x=\"\(HTMLBarChart.matchedColumnEnd)\" y=\"\(textBaseline)\" text-anchor=\"end\" "
            + "class=\"\(day.matched == 0 ? "zero" : "matched-text")\">\(HTMLBarChart.grouped(matchedText))</text>"
        row += "<text x=\"\(HTMLBarChart.openColumnEnd)\" y=\"\(textBaseline)\" text-anchor=\"end\" "
            + "class=\"\(day.open == 0 ? "zero" : "open-text")\">\(HTMLBarChart.grouped(openText))</text>"
        return row
    }

    /// Digit groups as `<tspan>`s with a small gap, like ``HTMLText/amount(_:)``
    /// in tables: the text content stays the exact decimal string.
    static func grouped(_ decimal: String) -> String {
        HTMLText.amount(decimal).replacingGroupSpans(with: "<tspan dx=\"3\">", closing: "</tspan>")
    }

    private func legend(top: Int) -> String {
        let x = HTMLBarChart.labelWidth
        return "<rect x=\"\(x)\" y=\"\(top)\" width=\"12\" height=\"12\" class=\"matched\"/>"
            + "<text x=\"\(x + 18)\" y=\"\(top + 11)\" class=\"legend\">matched to bank</text>"
            + "<rect x=\"\(x + 150)\" y=\"\(top)\" width=\"12\" height=\"12\" class=\"open\"/>"
            + "<text x=\"\(x + 168)\" y=\"\(top + 11)\" class=\"legend\">open (pending or mismatched)</text>"
    }

    /// `value / max` of the full bar width, rounded down; 128-bit
    /// intermediate so Int64 extremes neither overflow nor need floats.
    static func scaled(_ value: UInt64, max: UInt64) -> Int {
        guard max > 0 else { return 0 }
        let product = value.multipliedFullWidth(by: UInt64(barWidthMax))
        let quotient = max.dividingFullWidth(product).quotient
        // A non-zero amount always gets at least one visible pixel.
        return value > 0 && quotient == 0 ? 1 : Int(quotient)
    }

    static func saturatingSum(_ lhs: UInt64, _ rhs: UInt64) -> UInt64 {
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        return overflow ? UInt64.max : sum
    }
}
