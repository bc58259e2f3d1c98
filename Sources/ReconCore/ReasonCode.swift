/// Why a record was rejected (SPEC §3.3). Declaration order is precedence:
/// where several reasons apply, the one declared first is reported.
public enum ReasonCode: String, CaseIterable, Comparable, Sendable, Codable {
    case malformed = "MALFORMED"
    case missingField = "MISSING_FIELD"
    case invalidField = "INVALID_FIELD"
    case unknownKey = "UNKNOWN_KEY"
    case keyNotForMerchant = "KEY_NOT_FOR_MERCHANT"
    case keyNotValidAt = "KEY_NOT_VALID_AT"
    case keyRevoked = "KEY_REVOKED"
    case badSignatureEncoding = "BAD_SIGNATURE_ENCODING"
    case signatureMismatch = "SIGNATURE_MISMATCH"
    case duplicateInFile = "DUPLICATE_IN_FILE"
    case conflict = "CONFLICT"

    public var precedence: Int { ReasonCode.allCases.firstIndex(of: self)! }

    public static func < (lhs: ReasonCode, rhs: ReasonCode) -> Bool {
        lhs.precedence < rhs.precedence
    }
}
