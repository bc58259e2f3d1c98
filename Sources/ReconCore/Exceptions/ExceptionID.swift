import Foundation

/// An exception's id (SPEC §9): `EX-` and 10 characters of `[0-9A-Z]`,
/// derived from the mismatch identity (its kind and the items it concerns),
/// so the same problem has the same id every night, in every report and list.
///
/// The 10 characters are the first 50 bits of SHA-256 of the identity in
/// Crockford's base 32 (digits and capitals without I, L, O, U, so an id read
/// aloud or retyped from paper is not misread). 50 bits make a collision
/// unlikely (about 1 in 200,000 at 100,000 exceptions of one job); the store
/// does not rely on uniqueness and commands refuse an ambiguous id.
public struct ExceptionID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let text: String

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    public init(identity: String) {
        let digest = SHA256.hash(Array(identity.utf8))
        var bits: UInt64 = 0
        for byte in digest.prefix(8) { bits = bits << 8 | UInt64(byte) }
        var characters = Array("EX-".utf8)
        for index in 0..<10 {
            let shift = UInt64(59 - index * 5)
            characters.append(Self.alphabet[Int((bits >> shift) & 0x1F)])
        }
        text = String(decoding: characters, as: UTF8.self)
    }

    /// An id as typed by a person: case and surrounding spaces ignored;
    /// nil unless it has the shape of an id.
    public init?(typed: String) {
        let upper = typed.trimmingCharacters(in: .whitespaces).uppercased()
        let body = upper.utf8.dropFirst(3)
        guard upper.hasPrefix("EX-"), body.count == 10,
            body.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) })
        else { return nil }
        text = upper
    }

    /// An id read back from the store, whose CHECK constraint already
    /// guarantees its shape.
    public init(stored text: String) { self.text = text }

    public var description: String { text }

    public static func < (lhs: ExceptionID, rhs: ExceptionID) -> Bool { lhs.text < rhs.text }
}
