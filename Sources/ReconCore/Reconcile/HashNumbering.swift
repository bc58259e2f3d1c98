/// Numbers distinct 64-bit hashes 0, 1, 2, … in the order they are first
/// seen: an open-addressing table with linear probing over one flat array.
/// A million lookups of a hash the caller computed itself need neither
/// `Hasher` (SipHash on every lookup) nor a dictionary's generality, and a
/// slot holding both hash and number costs one cache miss, not two.
struct HashNumbering {
    private struct Slot {
        var hash: UInt64 = 0
        /// -1: empty.
        var number: Int32 = -1
    }

    private var slots: [Slot]
    private let shift: UInt64
    private(set) var count = 0

    /// Room for `capacity` distinct hashes at most half full.
    init(capacity: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < capacity * 2 { bits += 1 }
        slots = Array(repeating: Slot(), count: 1 << bits)
        shift = 64 - bits
    }

    /// The number of `hash`, given the next one when it is new.
    mutating func number(adding hash: UInt64) -> (number: Int, isNew: Bool) {
        precondition(count < slots.count / 2, "HashNumbering is full")
        var slot = self.slot(hash)
        while slots[slot].number >= 0 {
            if slots[slot].hash == hash { return (Int(slots[slot].number), false) }
            slot = (slot + 1) & (slots.count - 1)
        }
        slots[slot] = Slot(hash: hash, number: Int32(count))
        count += 1
        return (count - 1, true)
    }

    /// The number of `hash`, nil when it was never added.
    func number(of hash: UInt64) -> Int? {
        var slot = self.slot(hash)
        while slots[slot].number >= 0 {
            if slots[slot].hash == hash { return Int(slots[slot].number) }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Fibonacci hashing: the top bits of hash × 2⁶⁴/φ, so hashes that differ
    /// only in their low bits still spread.
    private func slot(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
