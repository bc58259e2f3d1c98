/// Short texts stored end to end in one buffer: a million references cost
/// no million allocations, and reading one touches no reference count.
struct TextArena {
    /// Where one text lies in the arena.
    struct Span {
        var start: UInt32
        var count: UInt32

        /// Stands for no text at all (SQL NULL).
        static let absent = Span(start: 0, count: .max)
        var isAbsent: Bool { count == .max }
    }

    private(set) var bytes: [UInt8] = []

    mutating func append(_ text: UnsafeRawBufferPointer) -> Span {
        precondition(bytes.count + text.count < Int(UInt32.max), "TextArena holds at most 4 GiB")
        let span = Span(start: UInt32(bytes.count), count: UInt32(text.count))
        bytes.append(contentsOf: text)
        return span
    }

    func withBytes<Result>(_ span: Span, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        precondition(!span.isAbsent, "no text")
        return try bytes.withUnsafeBytes { all in
            try body(UnsafeRawBufferPointer(rebasing: all[Int(span.start)..<Int(span.start) + Int(span.count)]))
        }
    }

    func string(_ span: Span) -> String {
        withBytes(span) { String(decoding: $0, as: UTF8.self) }
    }
}
