extension ReferencePrematcher {
    /// The open groups, each looked up among indexed ``Lines`` as it is
    /// added, so the engine does this while the server is still sending.
    /// Their texts are kept as bytes: strings are made only for the few
    /// groups handed to the Reconciler.
    public struct Groups {
        struct Record {
            var net: Int64
            var day: Int
            var merchantID: TextArena.Span
            var settlementRef: TextArena.Span
            var currency: Int32
            var hasOneToken: Bool
        }

        public let lines: Lines
        var records: [Record] = []
        var text = TextArena()
        /// Starts as the lines' numbering, so equal codes get equal numbers.
        var currencies: CurrencyNumbering
        /// Per entry of `lines`: its only line (-1: several), that line's
        /// reference, and `group`: -1 when no group has its hash; g ≥ 0 when
        /// group g alone has it (and, if the entry has one line, that line's
        /// normalized reference); -2 when several groups have it, or one
        /// group whose reference differs from the line's (a hash collision).
        /// Side by side, so looking a group up costs one cache miss here.
        var entries: [(line: Int32, group: Int32, reference: TextArena.Span)]

        public init(lines: Lines) {
            precondition(lines.isIndexed, "Lines.index() first")
            self.lines = lines
            currencies = lines.currencies
            entries = lines.lineOfEntry.map { line in
                (line, -1, line >= 0 ? lines.references[Int(line)] : .absent)
            }
        }

        public var count: Int { records.count }

        public func key(_ group: Int) -> SettlementGroup.Key {
            let record = records[group]
            return SettlementGroup.Key(
                merchantID: text.string(record.merchantID), settlementRef: text.string(record.settlementRef),
                currency: currencies.names[Int(record.currency)])
        }

        public func net(_ group: Int) -> Int64 { records[group].net }
        public func settlementDay(_ group: Int) -> Int { records[group].day }
        public func currency(_ group: Int) -> String { currencies.names[Int(records[group].currency)] }

        /// The group's key as raw UTF-8, valid inside `body` only.
        public func withKeyBytes<Result>(
            _ group: Int,
            _ body: (
                _ merchantID: UnsafeRawBufferPointer, _ settlementRef: UnsafeRawBufferPointer, _ currency: String
            ) throws -> Result
        ) rethrows -> Result {
            let record = records[group]
            return try text.withBytes(record.merchantID) { merchant in
                try text.withBytes(record.settlementRef) { reference in
                    try body(merchant, reference, currencies.names[Int(record.currency)])
                }
            }
        }

        /// Adds one group (the bytes are copied).
        public mutating func add(
            merchantID: UnsafeRawBufferPointer, settlementRef: UnsafeRawBufferPointer, currency: UnsafeRawBufferPointer,
            net: Int64, settlementDay: Int
        ) {
            let group = records.count
            records.append(
                Record(
                    net: net, day: settlementDay, merchantID: text.append(merchantID),
                    settlementRef: text.append(settlementRef), currency: currencies.number(currency),
                    hasOneToken: ReferenceText.hasOneToken(settlementRef)))
            guard let entry = lines.entry(hashingLike: settlementRef) else { return }
            guard entries[entry].group == -1 else {
                entries[entry].group = -2
                return
            }
            let sameReference =
                entries[entry].line < 0
                || lines.text.withBytes(entries[entry].reference) { ReferenceText.haveSameNormalized($0, settlementRef) }
            entries[entry].group = sameReference ? Int32(group) : -2
        }

        public mutating func add(_ key: SettlementGroup.Key, net: Int64, settlementDay: Int) {
            var merchantID = key.merchantID
            var settlementRef = key.settlementRef
            var currency = key.currency
            merchantID.withUTF8 { merchant in
                settlementRef.withUTF8 { reference in
                    currency.withUTF8 { currency in
                        add(
                            merchantID: UnsafeRawBufferPointer(merchant), settlementRef: UnsafeRawBufferPointer(reference),
                            currency: UnsafeRawBufferPointer(currency), net: net, settlementDay: settlementDay)
                    }
                }
            }
        }
    }
}
