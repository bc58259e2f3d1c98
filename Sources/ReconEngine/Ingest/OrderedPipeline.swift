import Dispatch
import Foundation

/// Read → transform in parallel → consume in order, with a bounded number of
/// chunks in flight.
///
/// The calling thread is the consumer (it owns the database connection and
/// feeds COPY), a helper thread reads chunks, and Dispatch's concurrent queue
/// transforms them on every core. Bounding the chunks in flight bounds memory
/// independently of file size, and lets reading, verifying and writing overlap
/// instead of running as three phases one after another.
///
/// All shared state sits behind one condition lock; nothing here outlives
/// `run`, which waits for the reader and every transform before returning,
/// also when the consumer throws half-way (a lost database, say).
final class OrderedPipeline<Chunk: Sendable, Output: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var outputs: [Int: Output] = [:]
    private var producedCount = 0
    private var readingFinished = false
    private var readError: (any Error)?
    private var cancelled = false
    /// Chunks read but not yet consumed.
    private var inFlight = 0
    private let maxChunksInFlight: Int
    private let queue = DispatchQueue(label: "recon.verify", qos: .userInitiated, attributes: .concurrent)

    init(maxChunksInFlight: Int) {
        precondition(maxChunksInFlight > 0, "a pipeline needs room for one chunk")
        self.maxChunksInFlight = maxChunksInFlight
    }

    /// Runs the pipeline. `read` is called on a reader thread until it returns
    /// nil; `transform` on Dispatch workers; `consume` on the calling thread in
    /// chunk order. An error anywhere stops reading and is rethrown here.
    func run(
        read: @escaping @Sendable () throws -> Chunk?,
        transform: @escaping @Sendable (Chunk) -> Output,
        consume: (Output) throws -> Void
    ) throws {
        let reader = Thread { [self] in self.readLoop(read: read, transform: transform) }
        reader.stackSize = 8 << 20
        reader.start()
        defer { stopAndDrain() }

        var next = 0
        while true {
            condition.lock()
            while outputs[next] == nil && !(readingFinished && next >= producedCount) && readError == nil {
                condition.wait()
            }
            if let error = readError {
                condition.unlock()
                throw error
            }
            guard let output = outputs.removeValue(forKey: next) else {
                condition.unlock()
                return
            }
            inFlight -= 1
            condition.broadcast()
            condition.unlock()
            next += 1
            try consume(output)
        }
    }

    private func readLoop(read: @Sendable () throws -> Chunk?, transform: @escaping @Sendable (Chunk) -> Output) {
        var index = 0
        while true {
            condition.lock()
            while inFlight >= maxChunksInFlight && !cancelled { condition.wait() }
            let stop = cancelled
            condition.unlock()
            if stop { break }
            let chunk: Chunk?
            do {
                chunk = try read()
            } catch {
                condition.lock()
                readError = error
                condition.broadcast()
                condition.unlock()
                break
            }
            guard let chunk else { break }
            let chunkIndex = index
            index += 1
            condition.lock()
            producedCount = index
            inFlight += 1
            condition.unlock()
            queue.async { [self] in
                let output = transform(chunk)
                condition.lock()
                outputs[chunkIndex] = output
                condition.broadcast()
                condition.unlock()
            }
        }
        condition.lock()
        readingFinished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the reader (if the consumer failed early) and waits for it and
    /// for every transform in flight.
    private func stopAndDrain() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while !readingFinished { condition.wait() }
        condition.unlock()
        queue.sync(flags: .barrier) {}
    }
}
