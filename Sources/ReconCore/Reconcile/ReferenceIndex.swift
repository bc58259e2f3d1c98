/// Finds the open groups a bank line names (SPEC §5.1) without comparing the
/// line with every group: hash maps from a normalized reference, and from a
/// ref's token sequence, to the groups carrying it. A description is cut into
/// tokens once and only tokens that start some `settlement_ref` are looked at.
///
/// Groups sharing a key are chained through arrays (`first…`, `next…`)
/// instead of holding one array per key: at a million groups that saves a
/// million small allocations.
struct ReferenceIndex {
    /// How a line named its groups.
    struct Naming: Equatable {
        /// Ascending indices into the sorted groups.
        var groupIndices: [Int]
        var rule: MatchRule
    }

    private var firstGroupByReference: [String: Int] = [:]
    private var nextGroupWithReference: [Int]
    /// Key: a ref's tokens joined by a space (tokens never hold spaces).
    private var firstGroupByTokenSequence: [String: Int] = [:]
    private var nextGroupWithTokenSequence: [Int]
    /// Refs of several tokens, keyed by their first token.
    private var longSequencesByFirstToken: [String: [[String]]] = [:]

    /// `groups` must be sorted by key; indices refer to that order.
    init(groups: [SettlementGroup]) {
        nextGroupWithReference = Array(repeating: -1, count: groups.count)
        nextGroupWithTokenSequence = Array(repeating: -1, count: groups.count)
        firstGroupByReference.reserveCapacity(groups.count)
        firstGroupByTokenSequence.reserveCapacity(groups.count)
        // Backwards, so that every chain runs in ascending group order.
        for index in groups.indices.reversed() {
            let reference = groups[index].key.settlementRef
            let normalized = ReferenceText.normalized(reference)
            nextGroupWithReference[index] = firstGroupByReference.updateValue(index, forKey: normalized) ?? -1
            let tokens = ReferenceText.tokens(of: reference)
            guard !tokens.isEmpty else { continue }
            let sequence = tokens.count == 1 ? tokens[0] : tokens.joined(separator: " ")
            let next = firstGroupByTokenSequence.updateValue(index, forKey: sequence)
            nextGroupWithTokenSequence[index] = next ?? -1
            if next == nil, tokens.count > 1 { longSequencesByFirstToken[tokens[0], default: []].append(tokens) }
        }
    }

    /// The reference field wins: when it names an open group, the description
    /// is not read, so a line says which group it pays in one place only.
    /// A reference field equal to no ref is cut into tokens like a
    /// description (SPEC §5.6: "PO-1;PO-2" names two groups by reference).
    func naming(of line: BankLine) -> Naming? {
        if let reference = line.reference {
            if let first = firstGroupByReference[ReferenceText.normalized(reference)] {
                return Naming(groupIndices: Self.chain(from: first, nextGroupWithReference), rule: .reference)
            }
            let named = groupsNamed(inDescription: reference)
            if !named.isEmpty { return Naming(groupIndices: named, rule: .reference) }
        }
        let groups = groupsNamed(inDescription: line.description)
        return groups.isEmpty ? nil : Naming(groupIndices: groups, rule: .descriptionToken)
    }

    private func groupsNamed(inDescription description: String) -> [Int] {
        let tokens = ReferenceText.tokens(of: description)
        var found: [Int] = []
        for (position, token) in tokens.enumerated() {
            if let first = firstGroupByTokenSequence[token] {
                found.append(contentsOf: Self.chain(from: first, nextGroupWithTokenSequence))
            }
            for sequence in longSequencesByFirstToken[token] ?? []
            where tokens[position...].starts(with: sequence) {
                if let first = firstGroupByTokenSequence[sequence.joined(separator: " ")] {
                    found.append(contentsOf: Self.chain(from: first, nextGroupWithTokenSequence))
                }
            }
        }
        if found.count > 1 { found = Array(Set(found)).sorted() }
        return found
    }

    private static func chain(from first: Int, _ next: [Int]) -> [Int] {
        var indices = [first]
        var index = next[first]
        while index >= 0 {
            indices.append(index)
            index = next[index]
        }
        return indices
    }
}
