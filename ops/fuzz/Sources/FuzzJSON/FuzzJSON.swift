import ReconCore

struct TrickleStream: ByteStream {
    let bytes: [UInt8]
    var position = 0
    var step: Int
    init(_ bytes: [UInt8], seed: UInt8) {
        self.bytes = bytes
        self.step = Int(seed % 7) + 1
    }
    mutating func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        let count = min(maxCount, step, bytes.count - position)
        guard count > 0 else { return 0 }
        buffer.append(contentsOf: bytes[position..<position + count])
        position += count
        step = step % 7 + 1
        return count
    }
}

/// Canonicalizes a parsed value; when that succeeds, the canonical form must
/// parse again, be equal to the value, and be a fixed point of JCS.
func checkCanonical(_ value: JSONValue) {
    _ = value.duplicateKeys()
    _ = value.containsDuplicateKeys()
    _ = value.objectMembers
    _ = value.stringValue
    guard let canonical = try? JCS.canonicalize(value) else { return }
    let reparsed: JSONValue
    do {
        reparsed = try JSONParser(maxDepth: 1024).parse(canonical)
    } catch {
        fatalError("JCS output does not parse: \(error) — \(String(decoding: canonical, as: UTF8.self))")
    }
    guard let again = try? JCS.canonicalize(reparsed) else {
        fatalError("JCS output parses but cannot be canonicalized: \(String(decoding: canonical, as: UTF8.self))")
    }
    precondition(again == canonical, "JCS is not idempotent: \(String(decoding: canonical, as: UTF8.self)) -> \(String(decoding: again, as: UTF8.self))")
    if case .object(let members) = value, let first = members.first {
        _ = try? JCS.canonicalize(value, omittingMembers: [first.key])
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let bytes = Array(buffer)

    // 1. One document, default depth, from the raw buffer and from an array.
    let direct = try? JSONParser().parse(buffer)
    let copied = try? JSONParser().parse(bytes)
    precondition((direct == nil) == (copied == nil), "buffer and array parses disagree")
    if let direct, let copied {
        precondition(direct == copied, "buffer and array parses differ")
        checkCanonical(direct)
    }
    _ = try? JSONParser(maxDepth: 3).parse(buffer)

    // 2. JSON Lines and a top-level array, whole and trickled: same results.
    var lines = JSONLinesReader(ByteArrayStream(bytes), maxLineBytes: 4096)
    var linesTrickled = JSONLinesReader(TrickleStream(bytes, seed: bytes.first ?? 0), maxLineBytes: 4096)
    var count = 0
    while count < 100_000 {
        let a = try? lines.next()
        let b = try? linesTrickled.next()
        precondition(a == b, "JSON Lines result \(count) differs between chunkings: \(String(describing: a)) vs \(String(describing: b))")
        guard let a else { break }
        if case .value(let value) = a.content { checkCanonical(value) }
        count += 1
    }

    var array = JSONArrayReader(ByteArrayStream(bytes), maxElementBytes: 4096)
    var arrayTrickled = JSONArrayReader(TrickleStream(bytes, seed: bytes.last ?? 0), maxElementBytes: 4096)
    count = 0
    while count < 100_000 {
        let a = Result { try array.next() }
        let b = Result { try arrayTrickled.next() }
        switch (a, b) {
        case (.success(let x), .success(let y)):
            precondition(x == y, "JSON array element \(count) differs between chunkings: \(String(describing: x)) vs \(String(describing: y))")
            guard let x else { count = 100_000; break }
            if case .value(let value) = x.content { checkCanonical(value) }
        case (.failure, .failure):
            count = 100_000
        default:
            fatalError("JSON array reader: one chunking throws, the other does not: \(a) vs \(b)")
        }
        count += 1
    }
    return 0
}
