/// Numbers distinct 64-bit hashes 0, 1, 2, … in the order they are first
/// seen: an open-addressing table with linear probing over one flat array,
/// doubled when half full. A million lookups of a hash the caller computed
/// itself need neither `Hasher` (SipHash on every lookup) nor a
/// dictionary's generality, and a slot holding both hash and number costs
/// one cache miss, not two.
struct HashNumbering {
    private struct Slot {
        var hash: UInt64 = 0
        /// -1: empty.
        var number: Int32 = -1
    }

    private var slots: [Slot]
    private var shift: UInt64
    private(set) var count = 0

    /// Room for `capacity` distinct hashes before the first doubling.
    init(capacity: Int = 512) {
        var bits: UInt64 = 4
        while (1 << bits) < capacity * 2 { bits += 1 }
        slots = Array(repeating: Slot(), count: 1 << bits)
        shift = 64 - bits
    }

    /// The number of `hash`, given the next one when it is new.
    mutating func number(adding hash: UInt64) -> (number: Int, isNew: Bool) {
        var slot = self.slot(hash)
        while slots[slot].number >= 0 {
            if slots[slot].hash == hash { return (Int(slots[slot].number), false) }
            slot = (slot + 1) & (slots.count - 1)
        }
        precondition(count < Int(Int32.max), "too many references in one night")
        slots[slot] = Slot(hash: hash, number: Int32(count))
        count += 1
        if count * 2 > slots.count { grow() }
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

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        shift -= 1
        for entry in old where entry.number >= 0 {
            var slot = self.slot(entry.hash)
            while slots[slot].number >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = entry
        }
    }

    /// Fibonacci hashing: the top bits of hash × 2⁶⁴/φ, so hashes that differ
    /// only in their low bits still spread.
    private func slot(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
