extension ReferencePrematcher {
    /// The open groups, summed here from their transactions as the server
    /// streams them (a server-side aggregate first hashed every row and only
    /// then sent the first group), and numbered by the hash of their
    /// normalized reference for the lines to find. Texts are kept as bytes;
    /// strings are made only for the few groups handed to the Reconciler.
    public struct Groups {
        struct Record {
            var net: Int64
            /// Times the running `net` wrapped past Int64 (+1 up, -1 down):
            /// the true sum is `net + carries × 2⁶⁴`.
            var carries: Int32
            var currency: Int32
            var day: Int
            var merchantID: TextArena.Span
            var settlementRef: TextArena.Span
            var hasOneToken: Bool
        }

        let hashing: Hashing
        var records: [Record] = []
        var text = TextArena()
        var currencies = CurrencyNumbering()
        private var table = HashIndex()
        /// Each distinct hash of a normalized reference numbered, and per
        /// number the only group with it, or -1 when several have it.
        private var references = HashNumbering()
        private var groupOfReference: [Int32] = []

        public init() { self.init(hashing: .normalizedReference) }
        init(hashing: Hashing) { self.hashing = hashing }

        public var count: Int { records.count }

        public func key(_ group: Int) -> SettlementGroup.Key {
            let record = records[group]
            return SettlementGroup.Key(
                merchantID: text.string(record.merchantID), settlementRef: text.string(record.settlementRef),
                currency: currencies.names[Int(record.currency)])
        }

        /// Final once every transaction is in and ``firstUnrepresentableNet()`` is nil.
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

        /// Adds one transaction to its group, made on first sight (the bytes
        /// are copied). Keys are compared byte for byte, as PostgreSQL's
        /// `group by` does with a deterministic collation.
        public mutating func add(
            merchantID: UnsafeRawBufferPointer, settlementRef: UnsafeRawBufferPointer, currency: UnsafeRawBufferPointer,
            amount: Int64, settlementDay: Int
        ) {
            let currencyNumber = currencies.number(currency)
            let hash = Self.keyHash(merchantID, settlementRef, currencyNumber)
            let found = table.value(
                hash: hash,
                isKey: { group in
                    let record = records[group]
                    return record.currency == currencyNumber
                        && text.withBytes(record.settlementRef) { $0.elementsEqual(settlementRef) }
                        && text.withBytes(record.merchantID) { $0.elementsEqual(merchantID) }
                }, orNew: records.count)
            guard found.isNew else {
                let (sum, overflow) = records[found.value].net.addingReportingOverflow(amount)
                records[found.value].net = sum
                if overflow { records[found.value].carries += amount < 0 ? -1 : 1 }
                records[found.value].day = max(records[found.value].day, settlementDay)
                return
            }
            records.append(
                Record(
                    net: amount, carries: 0, currency: currencyNumber, day: settlementDay,
                    merchantID: text.append(merchantID), settlementRef: text.append(settlementRef),
                    hasOneToken: ReferenceText.hasOneToken(settlementRef)))
            let reference = references.number(adding: hashing.hash(settlementRef))
            if reference.isNew { groupOfReference.append(Int32(found.value)) } else { groupOfReference[reference.number] = -1 }
        }

        /// Adds one transaction (tests).
        public mutating func add(_ key: SettlementGroup.Key, net: Int64, settlementDay: Int) {
            var merchantID = key.merchantID
            var settlementRef = key.settlementRef
            var currency = key.currency
            merchantID.withUTF8 { merchant in
                settlementRef.withUTF8 { reference in
                    currency.withUTF8 { currency in
                        add(
                            merchantID: UnsafeRawBufferPointer(merchant), settlementRef: UnsafeRawBufferPointer(reference),
                            currency: UnsafeRawBufferPointer(currency), amount: net, settlementDay: settlementDay)
                    }
                }
            }
        }

        /// A group whose transactions sum beyond Int64, if any: its net
        /// cannot be stored (PostgreSQL's `sum(bigint)::bigint` refuses it too).
        public func firstUnrepresentableNet() -> SettlementGroup.Key? {
            records.firstIndex { $0.carries != 0 }.map(key)
        }

        /// The group a line's reference names: the only group whose
        /// reference hashes alike, if its normalized reference is the line's.
        /// Nil also when several groups hash alike, so their lines read their
        /// descriptions: that only keeps more groups from being prematched.
        func group(namedBy reference: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
            guard let number = references.number(of: hash) else { return nil }
            let group = Int(groupOfReference[number])
            guard group >= 0,
                text.withBytes(records[group].settlementRef, { ReferenceText.haveSameNormalized($0, reference) })
            else { return nil }
            return group
        }

        /// The key's bytes and currency number through `Hasher`, which is
        /// seeded afresh in every process: keys made to collide (FNV
        /// collisions are easy to build) cannot turn the table's probing
        /// quadratic.
        private static func keyHash(
            _ merchantID: UnsafeRawBufferPointer, _ settlementRef: UnsafeRawBufferPointer, _ currency: Int32
        ) -> UInt64 {
            var hasher = Hasher()
            hasher.combine(bytes: merchantID)
            // 0xFF never occurs in UTF-8: "ab"+"c" and "a"+"bc" differ.
            hasher.combine(UInt8(0xFF))
            hasher.combine(bytes: settlementRef)
            hasher.combine(currency)
            return UInt64(UInt(bitPattern: hasher.finalize()))
        }
    }

    /// How references are hashed: equal normalized references must hash
    /// equally. The tests send every reference to one hash to check that
    /// collisions only cost pairs.
    enum Hashing {
        case normalizedReference
        case constant(UInt64)

        func hash(_ reference: UnsafeRawBufferPointer) -> UInt64 {
            switch self {
            case .normalizedReference: ReferenceText.normalizedHash(reference)
            case .constant(let value): value
            }
        }
    }
}
