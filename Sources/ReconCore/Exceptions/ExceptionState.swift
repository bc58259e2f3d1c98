/// Where an exception stands (SPEC §9).
public enum ExceptionState: String, Sendable, CaseIterable, Codable, Comparable {
    /// Reported, nobody on it.
    case open
    /// Someone owns it; it stays in the reports with this state.
    case acknowledged
    /// A person closed it with a reason and a note.
    case resolved
    /// recon closed it itself: the condition went away.
    case cleared

    /// Listed in the reports and by `recon exceptions list` by default.
    public var isListed: Bool { self == .open || self == .acknowledged }

    public static func < (lhs: ExceptionState, rhs: ExceptionState) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Why a person resolved an exception (SPEC §9).
public enum ResolutionReason: String, Sendable, CaseIterable, Codable {
    case writeOff = "write_off"
    case explained
    case fixedUpstream = "fixed_upstream"
    case manualMatch = "manual_match"
}

/// A change a person asks for; whether it applies depends on the state it
/// finds (checked again under the row's version, see ``ExceptionChange/apply(to:)``).
public enum ExceptionChange: Sendable, Equatable {
    case acknowledge(owner: String, note: String?)
    case resolve(reason: ResolutionReason, note: String)
    case reopen(note: String)

    /// The audit log's `action`.
    public var action: String {
        switch self {
        case .acknowledge: "ack"
        case .resolve: "resolve"
        case .reopen: "reopen"
        }
    }

    public var note: String? {
        switch self {
        case .acknowledge(_, let note): note
        case .resolve(_, let note), .reopen(let note): note
        }
    }

    public struct Outcome: Sendable, Equatable {
        public var state: ExceptionState
        public var owner: String?
        public var resolution: ResolutionReason?
    }

    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The state, owner and resolution after this change, or why it cannot
    /// apply: a closed exception is reopened, not acknowledged or resolved
    /// again; only a closed one can be reopened. Acknowledging an
    /// acknowledged exception hands it over to the new owner.
    /// A resolved exception keeps its owner (who worked it); reopened, it
    /// is nobody's until someone acknowledges it.
    public func apply(to current: ExceptionState, owner currentOwner: String?) -> Result<Outcome, Refusal> {
        switch (self, current) {
        case (.acknowledge(let owner, _), .open), (.acknowledge(let owner, _), .acknowledged):
            return .success(Outcome(state: .acknowledged, owner: owner, resolution: nil))
        case (.resolve(let reason, _), .open), (.resolve(let reason, _), .acknowledged):
            return .success(Outcome(state: .resolved, owner: currentOwner, resolution: reason))
        case (.reopen, .resolved), (.reopen, .cleared):
            return .success(Outcome(state: .open, owner: nil, resolution: nil))
        case (.acknowledge, _), (.resolve, _):
            return .failure(Refusal(description: "it is \(current.rawValue); reopen it first if it needs work again"))
        case (.reopen, _):
            return .failure(Refusal(description: "it is \(current.rawValue), not resolved or cleared: nothing to reopen"))
        }
    }
}
