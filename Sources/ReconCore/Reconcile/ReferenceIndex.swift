/// Finds the open groups a bank line names (SPEC §5.1) without comparing the
/// line with every group: hash maps from a normalized reference, and from a
/// ref's token sequence, to the groups carrying it. A description is cut into
/// tokens once and only tokens that start some `settlement_ref` are looked at.
struct ReferenceIndex {
    /// How a line named its groups.
    struct Naming: Equatable {
        /// Ascending indices into the sorted groups.
        var groupIndices: [Int]
        var rule: MatchRule
    }

    private var groupsByReference: [String: [Int]] = [:]
    /// Key: a ref's tokens joined by a space (tokens never hold spaces).
    private var groupsByTokenSequence: [String: [Int]] = [:]
    /// Refs of several tokens, keyed by their first token.
    private var longSequencesByFirstToken: [String: [[String]]] = [:]

    /// `groups` must be sorted by key; indices refer to that order.
    init(groups: [SettlementGroup]) {
        groupsByReference.reserveCapacity(groups.count)
        groupsByTokenSequence.reserveCapacity(groups.count)
        for (index, group) in groups.enumerated() {
            let reference = group.key.settlementRef
            groupsByReference[ReferenceText.normalized(reference), default: []].append(index)
            let tokens = ReferenceText.tokens(of: reference)
            guard let first = tokens.first else { continue }
            let sequence = tokens.joined(separator: " ")
            if groupsByTokenSequence[sequence] == nil, tokens.count > 1 {
                longSequencesByFirstToken[first, default: []].append(tokens)
            }
            groupsByTokenSequence[sequence, default: []].append(index)
        }
    }

    /// The reference field wins: when it names an open group, the description
    /// is not read, so a line says which group it pays in one place only.
    func naming(of line: BankLine) -> Naming? {
        if let reference = line.reference, let groups = groupsByReference[ReferenceText.normalized(reference)] {
            return Naming(groupIndices: groups, rule: .reference)
        }
        let groups = groupsNamed(inDescription: line.description)
        return groups.isEmpty ? nil : Naming(groupIndices: groups, rule: .descriptionToken)
    }

    private func groupsNamed(inDescription description: String) -> [Int] {
        let tokens = ReferenceText.tokens(of: description)
        var found: [Int] = []
        for (position, token) in tokens.enumerated() {
            if let groups = groupsByTokenSequence[token] { found.append(contentsOf: groups) }
            for sequence in longSequencesByFirstToken[token] ?? []
            where tokens[position...].starts(with: sequence) {
                found.append(contentsOf: groupsByTokenSequence[sequence.joined(separator: " ")] ?? [])
            }
        }
        if found.count > 1 { found = Array(Set(found)).sorted() }
        return found
    }
}
