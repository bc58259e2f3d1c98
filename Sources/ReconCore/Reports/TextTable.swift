/// A table for a terminal (SPEC §7 list commands, `--format table`): columns
/// aligned, amounts and counts right-aligned, and, when the rows are wider
/// than the terminal, the shrinkable text columns (notes, details) cut to fit
/// with `…` marking every cut cell. Identifiers and amounts are never cut: a
/// truncated amount or id is a wrong one.
public struct TextTable {
    public struct Column: Sendable {
        public var title: String
        public var alignRight: Bool
        /// May be cut to fit the width; never below `minimumWidth`.
        public var shrinkable: Bool
        public var minimumWidth: Int

        public init(_ title: String, alignRight: Bool = false, shrinkable: Bool = false, minimumWidth: Int = 8) {
            self.title = title
            self.alignRight = alignRight
            self.shrinkable = shrinkable
            self.minimumWidth = minimumWidth
        }
    }

    public var columns: [Column]
    public var rows: [[String]] = []

    public init(columns: [Column]) { self.columns = columns }

    public mutating func append(_ cells: [String]) {
        precondition(cells.count == columns.count, "table row has \(cells.count) cells, \(columns.count) columns")
        rows.append(cells.map(Self.singleLine))
    }

    /// Two spaces between columns; every line at most `width` characters
    /// unless the columns that may not be cut alone are wider.
    /// A shrinkable column empty in every row is left out.
    public func render(width: Int = 120) -> String {
        let shown = columns.indices.filter { index in
            !columns[index].shrinkable || rows.contains { !$0[index].isEmpty }
        }
        return TextTable(columns: shown.map { columns[$0] }, rows: rows.map { row in shown.map { row[$0] } })
            .renderAll(width: width)
    }

    private init(columns: [Column], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    private func renderAll(width: Int) -> String {
        var widths = columns.indices.map { index in
            rows.reduce(columns[index].title.count) { max($0, $1[index].count) }
        }
        let separators = 2 * max(columns.count - 1, 0)
        var excess = widths.reduce(separators, +) - width
        // Cut the widest shrinkable column one character at a time: the
        // columns end as even as their minimums allow.
        while excess > 0 {
            let candidates = columns.indices.filter { columns[$0].shrinkable && widths[$0] > columns[$0].minimumWidth }
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
            excess -= 1
        }
        var lines = [line(columns.map(\.title), widths: widths)]
        lines += rows.map { line($0, widths: widths) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func line(_ cells: [String], widths: [Int]) -> String {
        var text = ""
        for (index, cell) in cells.enumerated() {
            let width = widths[index]
            let fitted = cell.count > width ? String(cell.prefix(max(width - 1, 0))) + "…" : cell
            let padding = String(repeating: " ", count: width - fitted.count)
            let isLast = index == cells.count - 1
            if columns[index].alignRight {
                text += padding + fitted
            } else {
                text += isLast ? fitted : fitted + padding
            }
            if !isLast { text += "  " }
        }
        return text
    }

    /// Newlines and tabs from input would break the grid.
    static func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
