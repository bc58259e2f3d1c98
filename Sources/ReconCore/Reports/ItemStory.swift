/// What `recon show` prints about one settlement group or bank line (SPEC
/// §9): sections of rows, each cell saying where its text came from, so that
/// one model renders as a terminal table, CSV and JSON alike.
public struct ItemStory: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        /// Text from an input file (references, ids, notes people typed):
        /// formula-protected in CSV.
        case input(String?)
        /// Text recon produced: amounts (decimal strings), dates, codes.
        case own(String?)
        /// A count.
        case count(Int)

        var text: String {
            switch self {
            case .input(let text), .own(let text): return text ?? ""
            case .count(let value): return String(value)
            }
        }
    }

    public struct Section: Sendable, Equatable {
        /// JSON key and CSV `section` value (`summary`, `transactions`, …).
        public var name: String
        public var title: String
        public var columns: [String]
        /// Columns printed right-aligned in a table (amounts, counts).
        public var rightAligned: Set<String>
        public var rows: [[Cell]]
        /// One object in JSON (the summary) rather than an array.
        public var isSingle: Bool

        public init(
            name: String, title: String, columns: [String], rightAligned: Set<String> = [], rows: [[Cell]] = [],
            isSingle: Bool = false
        ) {
            self.name = name
            self.title = title
            self.columns = columns
            self.rightAligned = rightAligned
            self.rows = rows
            self.isSingle = isSingle
        }
    }

    /// `group` or `bank_line`.
    public var kind: String
    /// How a person names it: `PO-1 (merchant acme, EUR)`.
    public var heading: String
    public var sections: [Section]

    public init(kind: String, heading: String, sections: [Section]) {
        self.kind = kind
        self.heading = heading
        self.sections = sections
    }
}

/// The three renderings of `recon show`.
public enum ItemStoryText {
    /// Each item a heading, each section a titled table fitted to `width`.
    public static func table(_ stories: [ItemStory], width: Int) -> String {
        var output = ""
        for story in stories {
            output += "== \(story.kind == "group" ? "settlement group" : "bank line") \(story.heading)\n"
            for section in story.sections {
                output += "\n\(section.title)\n"
                if section.rows.isEmpty {
                    output += "  (none)\n"
                    continue
                }
                if section.isSingle, let row = section.rows.first {
                    let labelWidth = section.columns.map(\.count).max() ?? 0
                    for (column, cell) in zip(section.columns, row) where !cell.text.isEmpty {
                        output += "  " + column.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  "
                            + TextTable.singleLine(cell.text) + "\n"
                    }
                    continue
                }
                var table = TextTable(
                    columns: section.columns.map {
                        TextTable.Column(
                            $0, alignRight: section.rightAligned.contains($0),
                            shrinkable: $0 == "detail" || $0 == "note" || $0 == "lines" || $0 == "description")
                    })
                for row in section.rows { table.append(row.map(\.text)) }
                output += table.render(width: width)
            }
            output += "\n"
        }
        return output
    }

    /// Long form, one value a row: `item,section,row,field,value` (a
    /// spreadsheet filters it; sections differ in their columns).
    public static func csv(_ stories: [ItemStory]) -> String {
        var writer = CSVWriter(header: ["item", "section", "row", "field", "value"])
        for story in stories {
            for section in story.sections {
                for (index, row) in section.rows.enumerated() {
                    for (column, cell) in zip(section.columns, row) {
                        let value: CSVCell =
                            switch cell {
                            case .input(let text): .inputText(text)
                            case .own(let text): .ownValue(text)
                            case .count(let count): .ownValue(String(count))
                            }
                        writer.append([
                            .inputText(story.heading), .ownValue(section.name), .ownValue(String(index + 1)),
                            .ownValue(column), value,
                        ])
                    }
                }
            }
        }
        return writer.finished()
    }

    /// One JSON object: `{"ref": …, "items": [{"kind", "name", <section>: …}]}`.
    public static func json(ref: String, _ stories: [ItemStory]) -> String {
        let items = stories.map { story -> ReportJSON in
            var members = [ReportJSON.Member("kind", .string(story.kind)), .init("name", .string(story.heading))]
            for section in story.sections {
                let objects = section.rows.map { row in
                    ReportJSON.object(
                        zip(section.columns, row).map { column, cell in
                            switch cell {
                            case .input(let text), .own(let text): .init(column, .optionalString(text))
                            case .count(let count): .init(column, .integer(count))
                            }
                        })
                }
                members.append(.init(section.name, section.isSingle ? (objects.first ?? .null) : .array(objects)))
            }
            return .object(members)
        }
        return ReportJSON.object([.init("ref", .string(ref)), .init("items", .array(items))]).prettyPrinted()
    }
}
