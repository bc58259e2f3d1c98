/// Numbers distinct 64-bit hashes 0, 1, 2, … in the order they are first
/// seen: an open-addressing table with linear probing over two flat arrays.
/// A million lookups of a hash the caller computed itself need neither
/// `Hasher` (SipHash on every lookup) nor a dictionary's generality.
struct HashNumbering {
    private var hashes: [UInt64]
    private var numbers: [Int32]
    private let shift: UInt64
    private(set) var count = 0

    /// Room for `capacity` distinct hashes at most half full.
    init(capacity: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < capacity * 2 { bits += 1 }
        hashes = Array(repeating: 0, count: 1 << bits)
        numbers = Array(repeating: -1, count: 1 << bits)
        shift = 64 - bits
    }

    /// The number of `hash`, given the next one when it is new.
    mutating func number(adding hash: UInt64) -> (number: Int, isNew: Bool) {
        precondition(count < hashes.count / 2, "HashNumbering is full")
        var slot = self.slot(hash)
        while numbers[slot] >= 0 {
            if hashes[slot] == hash { return (Int(numbers[slot]), false) }
            slot = (slot + 1) & (hashes.count - 1)
        }
        hashes[slot] = hash
        numbers[slot] = Int32(count)
        count += 1
        return (count - 1, true)
    }

    /// The number of `hash`, nil when it was never added.
    func number(of hash: UInt64) -> Int? {
        var slot = self.slot(hash)
        while numbers[slot] >= 0 {
            if hashes[slot] == hash { return Int(numbers[slot]) }
            slot = (slot + 1) & (hashes.count - 1)
        }
        return nil
    }

    /// Fibonacci hashing: the top bits of hash × 2⁶⁴/φ, so hashes that differ
    /// only in their low bits still spread.
    private func slot(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
