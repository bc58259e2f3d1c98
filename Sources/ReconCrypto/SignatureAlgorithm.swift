/// A signature or MAC algorithm from the keyring (SPEC §3.1).
///
/// The algorithm is a property of the key, never of the record: a
/// `VerificationKey` is built for exactly one algorithm and checks that its
/// key material fits it.
public enum SignatureAlgorithm: String, Sendable, CaseIterable {
    /// 32-byte HMAC-SHA-256 tag, full length.
    case hmacSHA256 = "hmac-sha256"
    /// 64-byte HMAC-SHA-512 tag, full length.
    case hmacSHA512 = "hmac-sha512"
    /// DER `ECDSA-Sig-Value`, key on P-256, SHA-256.
    case ecdsaP256SHA256 = "ecdsa-p256-sha256"
    /// DER `ECDSA-Sig-Value`, key on P-384, SHA-384.
    case ecdsaP384SHA384 = "ecdsa-p384-sha384"
    /// 64-byte pure Ed25519 (RFC 8032).
    case ed25519 = "ed25519"
    /// RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32 bytes; modulus ≥ 2048 bits.
    case rsaPSSSHA256 = "rsa-pss-sha256"
    /// RSASSA-PKCS1-v1_5 with SHA-256; modulus ≥ 2048 bits.
    case rsaPKCS1SHA256 = "rsa-pkcs1-sha256"

    /// True for the MAC algorithms, whose key is a raw shared secret.
    public var isHMAC: Bool {
        switch self {
        case .hmacSHA256, .hmacSHA512: return true
        default: return false
        }
    }

    /// Smallest RSA modulus recon accepts (SPEC §3.1).
    public static let rsaModulusBitsMin = 2048

    /// Smallest HMAC secret recon accepts (SPEC §3.2).
    public static let hmacSecretBytesMin = 32

    /// OpenSSL digest name used by the algorithm, nil for pure Ed25519.
    var digestName: String? {
        switch self {
        case .hmacSHA256, .ecdsaP256SHA256, .rsaPSSSHA256, .rsaPKCS1SHA256: return "SHA256"
        case .hmacSHA512: return "SHA512"
        case .ecdsaP384SHA384: return "SHA384"
        case .ed25519: return nil
        }
    }

    /// Full tag length of the MAC algorithms; 0 for signatures.
    var macTagLength: Int {
        switch self {
        case .hmacSHA256: return 32
        case .hmacSHA512: return 64
        default: return 0
        }
    }
}
