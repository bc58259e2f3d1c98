/// Values 0, 1, 2, … found by a 64-bit hash the caller computed itself:
/// open addressing with linear probing over one flat array of (hash, value)
/// slots, doubled when half full. A million lookups need neither `Hasher`
/// (SipHash on every lookup) nor a dictionary's generality, and a slot
/// holding both hash and value costs one cache miss, not two. On a hash hit
/// the caller says whether the value is really its key's, so distinct keys
/// sharing a hash stay distinct.
struct HashIndex {
    private struct Slot {
        var hash: UInt64 = 0
        /// -1: empty.
        var value: Int32 = -1
    }

    private var slots = [Slot](repeating: Slot(), count: 1 << 10)
    private var shift: UInt64 = 64 - 10
    private var count = 0

    /// The value whose key hashes to `hash` and satisfies `isKey`, or
    /// `newValue` recorded for it when there is none.
    mutating func value(hash: UInt64, isKey: (Int) -> Bool, orNew newValue: Int) -> (value: Int, isNew: Bool) {
        var slot = self.slot(hash)
        while slots[slot].value >= 0 {
            if slots[slot].hash == hash, isKey(Int(slots[slot].value)) { return (Int(slots[slot].value), false) }
            slot = (slot + 1) & (slots.count - 1)
        }
        precondition(newValue < Int(Int32.max), "too many keys in one night")
        slots[slot] = Slot(hash: hash, value: Int32(newValue))
        count += 1
        if count * 2 > slots.count { grow() }
        return (newValue, true)
    }

    /// The value whose key hashes to `hash` and satisfies `isKey`, if any.
    func value(hash: UInt64, isKey: (Int) -> Bool) -> Int? {
        var slot = self.slot(hash)
        while slots[slot].value >= 0 {
            if slots[slot].hash == hash, isKey(Int(slots[slot].value)) { return Int(slots[slot].value) }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        shift -= 1
        for entry in old where entry.value >= 0 {
            var slot = self.slot(entry.hash)
            while slots[slot].value >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = entry
        }
    }

    /// Fibonacci hashing: the top bits of hash × 2⁶⁴/φ, so hashes that differ
    /// only in their low bits still spread.
    private func slot(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}

/// Numbers distinct 64-bit hashes 0, 1, 2, … in the order they are first
/// seen (the hash is the key: equal hashes are one number).
struct HashNumbering {
    private var index = HashIndex()
    private(set) var count = 0

    /// The number of `hash`, given the next one when it is new.
    mutating func number(adding hash: UInt64) -> (number: Int, isNew: Bool) {
        let found = index.value(hash: hash, isKey: { _ in true }, orNew: count)
        if found.isNew { count += 1 }
        return (found.value, found.isNew)
    }

    /// The number of `hash`, nil when it was never added.
    func number(of hash: UInt64) -> Int? {
        index.value(hash: hash, isKey: { _ in true })
    }
}
