/// Why a value has no RFC 8785 canonical form.
public enum JCSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// I-JSON (RFC 7493), which JCS requires, forbids duplicate member names.
    case duplicateKey(String)
    /// Not a JSON number, or one whose value overflows a double to infinity.
    case invalidNumber(String)
    /// A record handed to a `JCSStringObjectLayout` has a different number of
    /// fields than the layout has keys.
    case fieldCountMismatch(expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .duplicateKey(let key): return "duplicate key \"\(key)\""
        case .invalidNumber(let text): return "number \(text) cannot be canonicalized"
        case .fieldCountMismatch(let expected, let actual): return "expected \(expected) fields, got \(actual)"
        }
    }
}
