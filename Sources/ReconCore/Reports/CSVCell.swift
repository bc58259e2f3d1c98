/// One cell of a CSV report, saying where its text came from: only text from
/// input files gets formula-injection protection (SPEC §6).
public enum CSVCell: Sendable, Equatable {
    /// Text that came from an input file (references, ids, descriptions).
    case inputText(String?)
    /// Text recon produced itself: amounts, dates, counts, codes.
    case ownValue(String?)

    /// The cell's text as written before CSV quoting; nil is an empty cell.
    var text: String {
        switch self {
        case .inputText(let text): return text.map(CSVCellProtection.protect) ?? ""
        case .ownValue(let text): return text ?? ""
        }
    }
}
