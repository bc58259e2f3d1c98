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
final class OrderedPipeline<Chunk: Sendable, Output: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var outputs: [Int: Output] = [:]
    private var producedCount = 0
    private var readingFinished = false
    private var readError: (any Error)?
    private var cancelled = false
    private let slots: DispatchSemaphore
    private let queue = DispatchQueue(label: "recon.verify", qos: .userInitiated, attributes: .concurrent)

    init(maxChunksInFlight: Int) {
        slots = DispatchSemaphore(value: maxChunksInFlight)
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
        defer { finishReader() }

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
            condition.unlock()
            slots.signal()
            next += 1
            try consume(output)
        }
    }

    private func readLoop(read: @Sendable () throws -> Chunk?, transform: @escaping @Sendable (Chunk) -> Output) {
        var index = 0
        while true {
            slots.wait()
            condition.lock()
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
    /// for every transform in flight, so nothing outlives the pipeline.
    private func finishReader() {
        condition.lock()
        cancelled = true
        condition.unlock()
        // Unblock a reader waiting for a slot, then wait until it has stopped.
        slots.signal()
        condition.lock()
        while !readingFinished { condition.wait() }
        condition.unlock()
        queue.sync(flags: .barrier) {}
    }
}
