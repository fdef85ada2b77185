import Foundation

/// Runs independent CPU-bound pieces of one job (decoding the tiles of a timeline) on up to
/// `parallelism` threads of the calling job's own, and returns their results in order.
enum ParallelWork {
    static func map<T: Sendable>(_ count: Int, parallelism: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
        let lanes = max(1, min(parallelism, count))
        if lanes == 1 { return try (0..<count).map(body) }
        let results = ResultSlots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: lanes) { _ in
            while let index = results.claim() {
                results.store(Result { try body(index) }, at: index)
            }
        }
        return try results.values()
    }
}

/// Work distribution and result slots shared by the lanes of `ParallelWork.map`.
///
/// `@unchecked Sendable`: every field is read and written only while holding `lock`.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var slots: [Result<T, any Error>?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func claim() -> Int? {
        lock.withLock {
            guard next < slots.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func store(_ result: Result<T, any Error>, at index: Int) {
        lock.withLock { slots[index] = result }
    }

    func values() throws -> [T] {
        try lock.withLock {
            try slots.map { slot in
                guard let slot else { throw MediaError(.processing, "A parallel piece of work did not run.") }
                return try slot.get()
            }
        }
    }
}
