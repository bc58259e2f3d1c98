import Foundation

/// HTML escaping for `report.html`. Everything that can come from input is
/// escaped, in text and in attribute values alike, so a txn id such as
/// `<script>` shows as text and can never end an attribute.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    /// A decimal amount with its integer digits grouped by three for the eye.
    ///
    /// The groups are spacing on `<span>`s, not separator characters, so the
    /// page still carries the exact SPEC §2 decimal string: copying a cell
    /// into a spreadsheet gives `1234567.89`, never `1,234,567.89`.
    static func amount(_ decimal: String) -> String {
        let isDecimal = !decimal.isEmpty && decimal.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == ".") }
        guard isDecimal else { return escape(decimal) }
        let negative = decimal.hasPrefix("-")
        let unsigned = negative ? decimal.dropFirst() : decimal[...]
        let integerPart = unsigned.prefix { $0 != "." }
        let fractionPart = unsigned.dropFirst(integerPart.count)
        let digits = Array(integerPart)
        let leadingCount = digits.count % 3 == 0 ? min(3, digits.count) : digits.count % 3
        var output = (negative ? "-" : "") + String(digits[0..<leadingCount])
        var index = leadingCount
        while index < digits.count {
            output += "<span class=\"g\">" + String(digits[index..<index + 3]) + "</span>"
            index += 3
        }
        return output + fractionPart
    }
}

extension String {
    /// ``HTMLText/amount(_:)`` output with its group `<span>`s swapped for
    /// other markup (SVG has no `<span>`).
    func replacingGroupSpans(with opening: String, closing: String) -> String {
        var output = ""
        var rest = self[...]
        let open = "<span class=\"g\">"
        while let range = rest.range(of: open) {
            output += rest[..<range.lowerBound] + opening
            rest = rest[range.upperBound...]
            if let end = rest.range(of: "</span>") {
                output += rest[..<end.lowerBound] + closing
                rest = rest[end.upperBound...]
            }
        }
        return output + rest
    }
}
