import CZlib
import ReconCore

/// Inflates a gzip stream (also several concatenated members, as `gzip -c a b`
/// writes). Output that outgrows the input by more than ``ratioLimit`` is
/// refused: a few kilobytes must not become terabytes (a "gzip bomb").
/// Real transaction files compress about 5–15×; deflate cannot exceed ~1032×.
final class GzipByteStream: ByteStream {
    static let ratioLimit = 200
    static let ratioAllowanceBytes = 16 << 20
    /// Small compressed reads keep the ratio check close to what was really
    /// read, so a bomb is caught within the first ~16 MiB of output.
    static let compressedReadSize = 64 << 10

    private var inner: any ByteStream
    private let path: String
    private var stream = z_stream()
    private var input: [UInt8] = []
    /// Inflated bytes before they are handed out; reused between reads.
    private var output: [UInt8] = []
    private var inputOffset = 0
    private var compressedTotal = 0
    private var inflatedTotal = 0
    private var finished = false
    private var innerEnded = false

    init(wrapping inner: any ByteStream, path: String) throws(InputError) {
        self.inner = inner
        self.path = path
        // 15 + 32: zlib window 32 KiB, accept gzip headers.
        let status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw InputError(file: path, "cannot start gzip decoder (zlib \(status))") }
    }

    deinit { inflateEnd(&stream) }

    func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        guard !finished else { return 0 }
        if output.count < maxCount { output = [UInt8](repeating: 0, count: maxCount) }
        var produced = 0
        defer { buffer.append(contentsOf: output[0..<produced]) }
        while produced == 0 {
            if inputOffset == input.count {
                input.removeAll(keepingCapacity: true)
                inputOffset = 0
                if !innerEnded {
                    let count = try inner.read(into: &input, maxCount: Self.compressedReadSize)
                    compressedTotal += count
                    if count == 0 { innerEnded = true }
                }
            }
            let available = input.count - inputOffset
            if available == 0 && innerEnded {
                // A complete stream ends at Z_STREAM_END above; running dry first means truncation.
                throw InputError(file: path, compressedTotal == 0 ? "empty file, not gzip data" : "gzip data ends early: the file is truncated")
            }
            let status: Int32 = input.withUnsafeMutableBytes { inputBytes in
                output.withUnsafeMutableBytes { outputBytes in
                    stream.next_in = inputBytes.baseAddress!.assumingMemoryBound(to: Bytef.self) + inputOffset
                    stream.avail_in = uInt(available)
                    stream.next_out = outputBytes.baseAddress!.assumingMemoryBound(to: Bytef.self) + produced
                    stream.avail_out = uInt(maxCount - produced)
                    return inflate(&stream, Z_NO_FLUSH)
                }
            }
            let consumed = available - Int(stream.avail_in)
            inputOffset += consumed
            let made = (maxCount - produced) - Int(stream.avail_out)
            produced += made
            inflatedTotal += made
            if inflatedTotal > Self.ratioAllowanceBytes && inflatedTotal / max(compressedTotal, 1) > Self.ratioLimit {
                throw InputError(file: path, "gzip expands more than \(Self.ratioLimit)× (a decompression bomb?); refused")
            }
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                // Another gzip member may follow; otherwise this is the end.
                if inputOffset == input.count {
                    input.removeAll(keepingCapacity: true)
                    inputOffset = 0
                    if try inner.read(into: &input, maxCount: Self.compressedReadSize) == 0 {
                        finished = true
                        return produced
                    }
                    compressedTotal += input.count
                }
                inflateReset(&stream)
            default:
                throw InputError(file: path, "not valid gzip data (zlib status \(status))")
            }
        }
        return produced
    }
}
