extension ReferencePrematcher {
    /// The open lines, built on their own (the engine streams them on a
    /// second session while the groups are aggregated).
    public struct Lines {
        public private(set) var ids: [Int64] = []
        var amounts: [Int64] = []
        var currencyNumbers: [Int32] = []
        var days: [Int] = []
        /// Each line's reference in `text` (``TextArena/Span/absent``: none).
        var references: [TextArena.Span] = []
        var text = TextArena()
        var currencies = CurrencyNumbering()
        /// Filled by ``index()``: each distinct hash of a normalized
        /// reference is an *entry*; per line its entry (-1: no reference),
        /// per entry its only line (-1: several).
        var entryOfLine: [Int32] = []
        var lineOfEntry: [Int32] = []
        var entries = HashNumbering(capacity: 0)
        let hashing: Hashing

        public init() { self.init(hashing: .normalizedReference) }
        init(hashing: Hashing) { self.hashing = hashing }

        /// Only stores (the bytes are copied): the engine reads lines as fast
        /// as the server sends them and indexes them while the server
        /// aggregates the groups.
        public mutating func add(
            id: Int64, reference: UnsafeRawBufferPointer?, amount: Int64, currency: UnsafeRawBufferPointer,
            bookingDay: Int
        ) {
            ids.append(id)
            amounts.append(amount)
            currencyNumbers.append(currencies.number(currency))
            days.append(bookingDay)
            references.append(reference.map { text.append($0) } ?? .absent)
        }

        public mutating func add(id: Int64, reference: String?, amount: Int64, currency: String, bookingDay: Int) {
            var currency = currency
            currency.withUTF8 { code in
                guard var reference else {
                    add(id: id, reference: nil, amount: amount, currency: UnsafeRawBufferPointer(code), bookingDay: bookingDay)
                    return
                }
                reference.withUTF8 {
                    add(
                        id: id, reference: UnsafeRawBufferPointer($0), amount: amount,
                        currency: UnsafeRawBufferPointer(code), bookingDay: bookingDay)
                }
            }
        }

        /// Adds lines read elsewhere, before ``index()``.
        public mutating func append(_ other: Lines) {
            precondition(entryOfLine.isEmpty, "append before index()")
            for line in other.ids.indices {
                var currency = other.currencies.names[Int(other.currencyNumbers[line])]
                currency.withUTF8 { code in
                    let code = UnsafeRawBufferPointer(code)
                    guard !other.references[line].isAbsent else {
                        add(id: other.ids[line], reference: nil, amount: other.amounts[line], currency: code,
                            bookingDay: other.days[line])
                        return
                    }
                    other.text.withBytes(other.references[line]) {
                        add(id: other.ids[line], reference: $0, amount: other.amounts[line], currency: code,
                            bookingDay: other.days[line])
                    }
                }
            }
        }

        /// Numbers the lines' normalized references.
        public mutating func index() {
            entries = HashNumbering(capacity: references.count)
            entryOfLine = Array(repeating: -1, count: references.count)
            lineOfEntry = []
            lineOfEntry.reserveCapacity(references.count)
            for (line, reference) in references.enumerated() where !reference.isAbsent {
                let entry = entries.number(adding: text.withBytes(reference) { hashing.hash($0) })
                if entry.isNew { lineOfEntry.append(Int32(line)) } else { lineOfEntry[entry.number] = -1 }
                entryOfLine[line] = Int32(entry.number)
            }
        }

        var isIndexed: Bool { entryOfLine.count == ids.count }

        /// The entry of lines whose normalized reference hashes like
        /// `reference`'s, if any line has one.
        func entry(hashingLike reference: UnsafeRawBufferPointer) -> Int? {
            entries.number(of: hashing.hash(reference))
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
