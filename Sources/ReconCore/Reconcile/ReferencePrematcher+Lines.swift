extension ReferencePrematcher {
    /// Lines kept for later: the engine reads the lines released in its own
    /// transaction before the pairs are written, and feeds them to
    /// ``ReferencePrematcher/decide(lineID:reference:amount:currency:bookingDay:)``
    /// first.
    public struct Lines {
        public private(set) var ids: [Int64] = []
        var amounts: [Int64] = []
        var days: [Int] = []
        var references: [TextArena.Span] = []
        var currencies: [TextArena.Span] = []
        var text = TextArena()

        public init() {}

        /// Stores one line (the bytes are copied).
        public mutating func add(
            id: Int64, reference: UnsafeRawBufferPointer?, amount: Int64, currency: UnsafeRawBufferPointer,
            bookingDay: Int
        ) {
            ids.append(id)
            amounts.append(amount)
            days.append(bookingDay)
            references.append(reference.map { text.append($0) } ?? .absent)
            currencies.append(text.append(currency))
        }

        /// Hands every line to `body`, in the order added.
        public func forEach(
            _ body: (
                _ id: Int64, _ reference: UnsafeRawBufferPointer?, _ amount: Int64, _ currency: UnsafeRawBufferPointer,
                _ bookingDay: Int
            ) throws -> Void
        ) rethrows {
            for line in ids.indices {
                try text.withBytes(currencies[line]) { currency in
                    if references[line].isAbsent {
                        try body(ids[line], nil, amounts[line], currency, days[line])
                    } else {
                        try text.withBytes(references[line]) {
                            try body(ids[line], $0, amounts[line], currency, days[line])
                        }
                    }
                }
            }
        }
    }
}
