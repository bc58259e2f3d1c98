/// Finds a settlement group by its exact key while transactions stream in:
/// open addressing with linear probing on a 64-bit hash of the key; on a
/// hash hit the caller compares the key itself, so distinct keys sharing a
/// hash stay distinct groups. Grows by doubling, as the number of groups is
/// known only at the end.
struct GroupKeyTable {
    private struct Slot {
        var hash: UInt64 = 0
        /// -1: empty.
        var group: Int32 = -1
    }

    private var slots = [Slot](repeating: Slot(), count: 1 << 10)
    private var shift: UInt64 = 64 - 10
    private var count = 0

    /// The group whose key hashes to `hash` and satisfies `isKey`, or
    /// `newGroup` recorded for it when there is none.
    mutating func group(hash: UInt64, isKey: (Int) -> Bool, orNew newGroup: Int) -> (group: Int, isNew: Bool) {
        var slot = self.slot(hash)
        while slots[slot].group >= 0 {
            if slots[slot].hash == hash, isKey(Int(slots[slot].group)) { return (Int(slots[slot].group), false) }
            slot = (slot + 1) & (slots.count - 1)
        }
        precondition(newGroup < Int(Int32.max), "too many settlement groups in one night")
        slots[slot] = Slot(hash: hash, group: Int32(newGroup))
        count += 1
        if count * 2 > slots.count { grow() }
        return (newGroup, true)
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(), count: old.count * 2)
        shift -= 1
        for entry in old where entry.group >= 0 {
            var slot = self.slot(entry.hash)
            while slots[slot].group >= 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = entry
        }
    }

    /// Fibonacci hashing, as in ``HashNumbering``.
    private func slot(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}
