import ReconCore
import ReconCrypto

/// The key and signature checks of SPEC §3.3, in precedence order, for a record
/// whose fields already passed validation.
struct SignatureCheck: Sendable {
    let keyring: Keyring

    /// nil when the record is authentic; otherwise the first failing reason.
    func problem(for transaction: ValidatedTransaction, message: UnsafeRawBufferPointer) -> FieldProblem? {
        guard let key = keyring.keys[transaction.keyID] else {
            return FieldProblem(reason: .unknownKey, detail: "no key '\(transaction.keyID)' in the keyring")
        }
        guard key.merchants.contains(transaction.merchantID) else {
            return FieldProblem(
                reason: .keyNotForMerchant,
                detail: "key '\(key.id)' may not sign for merchant '\(transaction.merchantID)'")
        }
        if let notBefore = key.notBefore, transaction.createdAt < notBefore {
            return FieldProblem(reason: .keyNotValidAt, detail: "created_at is before key '\(key.id)' not_before")
        }
        if let notAfter = key.notAfter, transaction.createdAt >= notAfter {
            return FieldProblem(reason: .keyNotValidAt, detail: "created_at is at or after key '\(key.id)' not_after")
        }
        if key.revoked {
            return FieldProblem(reason: .keyRevoked, detail: "key '\(key.id)' is revoked")
        }
        guard let signature = Base64.decodeStrict(transaction.signature) else {
            return FieldProblem(
                reason: .badSignatureEncoding, detail: "signature is not padded standard base64 without whitespace")
        }
        let authentic = signature.withUnsafeBytes { key.verifier.verify(message: message, signature: $0) }
        guard authentic else {
            return FieldProblem(reason: .signatureMismatch, detail: "signature does not verify with key '\(key.id)'")
        }
        return nil
    }
}
