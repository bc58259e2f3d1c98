/// Spreadsheet formula-injection protection for CSV cells (SPEC §6).
///
/// A spreadsheet treats a cell starting with `=`, `+`, `-` or `@` as a
/// formula, and some also after a leading tab or carriage return. Text that
/// came from input files is therefore prefixed with `'`, which spreadsheets
/// show as plain text. Amounts, dates and counts are ours and never prefixed:
/// a negative amount `-12.50` must stay a number for the finance team.
public enum CSVCellProtection {
    /// The leading characters that make a spreadsheet evaluate a cell.
    public static let dangerousLeadingScalars: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `text` with a `'` in front when it starts with a dangerous character.
    public static func protect(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, dangerousLeadingScalars.contains(first) else {
            return text
        }
        return "'" + text
    }
}
