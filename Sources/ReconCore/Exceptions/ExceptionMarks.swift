/// The exception id and state of each reported mismatch, by mismatch
/// identity, as the store left them after tonight's sync. A mismatch the
/// store did not mark (reports rendered without a database, in tests) gets
/// its derived id and `open`.
public struct ExceptionMarks: Sendable, Equatable {
    public struct Mark: Sendable, Equatable {
        public var id: ExceptionID
        public var state: ExceptionState
        public var owner: String?

        public init(id: ExceptionID, state: ExceptionState, owner: String? = nil) {
            self.id = id
            self.state = state
            self.owner = owner
        }
    }

    public var byIdentity: [String: Mark]

    public init(_ byIdentity: [String: Mark] = [:]) { self.byIdentity = byIdentity }

    public func mark(_ mismatch: Mismatch) -> Mark {
        let identity = mismatch.identity
        return byIdentity[identity] ?? Mark(id: ExceptionID(identity: identity), state: .open)
    }

    /// The mismatches still listed: a resolved or cleared exception is no
    /// longer reported as a mismatch (SPEC §9); order kept.
    public func listed(_ mismatches: [Mismatch]) -> [Mismatch] {
        mismatches.filter { mark($0).state.isListed }
    }
}
