/// A parsed JSON value that keeps everything a signature covers.
///
/// Numbers stay as their exact source text (money is never a binary float,
/// SPEC §2; JCS reformats them only when canonicalizing). Objects keep member
/// order and duplicate keys so the caller can reject duplicates explicitly.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// The number exactly as written in the source, e.g. `"1.50"` or `"-0"`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The value of the first member named `key`, if this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    /// The members, if this is an object.
    public var objectMembers: [(key: String, value: JSONValue)]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Keys that occur more than once in this object (each reported once, in
    /// order of their second occurrence). Empty for non-objects. Nested objects
    /// are not searched; see `containsDuplicateKeys()` for that.
    ///
    /// Keys are compared by their exact characters, not by Swift's canonical
    /// equivalence: `"é"` and `"e\u{301}"` are different JSON keys.
    public func duplicateKeys() -> [String] {
        guard case .object(let members) = self else { return [] }
        var seen = Set<[UInt8]>()
        var reported = Set<[UInt8]>()
        var duplicates: [String] = []
        for member in members {
            let bytes = Array(member.key.utf8)
            if !seen.insert(bytes).inserted && reported.insert(bytes).inserted {
                duplicates.append(member.key)
            }
        }
        return duplicates
    }

    /// Whether this value or any value inside it is an object with a
    /// duplicate key (I-JSON, RFC 7493, forbids them and JCS requires I-JSON).
    public func containsDuplicateKeys() -> Bool {
        switch self {
        case .null, .bool, .number, .string:
            return false
        case .array(let elements):
            return elements.contains { $0.containsDuplicateKeys() }
        case .object(let members):
            return !duplicateKeys().isEmpty || members.contains { $0.value.containsDuplicateKeys() }
        }
    }
}

extension JSONValue: Equatable {
    /// Structural equality; numbers compare by source text, objects by member
    /// order (so `{"a":1,"b":2}` != `{"b":2,"a":1}`), strings by their exact
    /// scalars (not canonical equivalence: a signature covers the exact text).
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let left), .bool(let right)): return left == right
        case (.number(let left), .number(let right)): return left == right
        case (.string(let left), .string(let right)): return left.utf8.elementsEqual(right.utf8)
        case (.array(let left), .array(let right)): return left == right
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && zip(left, right).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && $0.value == $1.value }
        default: return false
        }
    }
}
