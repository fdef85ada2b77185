import CMalloc
import CVips
public import Foundation
import NIOPosix
import Synchronization

/// The image jobs' threads: an `NIOThreadPool` of its own (the package's one pool for blocking
/// work; the shared `NIOThreadPool.singleton` takes the rest), so decoding and encoding never block
/// Swift's cooperative thread pool (which must stay free for the bot's handlers), and at most
/// `threads` images are processed at once however many users upload together.
///
/// What the pool itself does not: jobs waiting for a thread are bounded (a full queue answers
/// `.busy` at once instead of letting memory grow), a job whose task is cancelled before it starts
/// fails at once and never runs, and each thread is tuned for image work (niceness, memory given
/// back after each job).
public final class MediaWorkers: Sendable {
    private let pool: NIOThreadPool
    private let admission: Admission
    private let niceness: Int32
    public let threads: Int

    /// Starts `threads` worker threads (one per core suits one image per thread).
    /// A positive `niceness` lowers their scheduling priority, so that in a service the threads
    /// answering users get the CPU first and media work takes what is left.
    public init(threads: Int = 2, maxQueuedJobs: Int = 256, niceness: Int = 0) {
        self.threads = max(1, threads)
        self.niceness = Int32(clamping: max(0, niceness))
        pool = NIOThreadPool(numberOfThreads: self.threads)
        pool._start(threadNamePrefix: "media-worker-")
        admission = Admission(limit: max(1, maxQueuedJobs))
    }

    deinit {
        // An unused pool that was never shut down still stops its threads.
        if admission.close() { pool.shutdownGracefully { _ in } }
    }

    /// For services: downloads and decoded photos are megabytes each, allocated on several
    /// threads. glibc's adaptive mmap threshold soon serves such blocks from per-thread heaps that
    /// keep the memory once freed (hundreds of MB resident after a burst of uploads); a fixed
    /// 1 MiB threshold maps every big buffer on its own and gives it back when it is freed.
    public static func returnLargeBuffersWhenFreed() {
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
    }

    /// Runs `work` on a worker thread and returns its result.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let job = PendingJob<T>()
        switch admission.admit() {
        case .admitted: break
        case .full: throw MediaError(.busy, "Too many photos are being processed; try again in a moment.")
        case .closed: throw MediaError(.busy, "Media workers are shut down.")
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                guard job.attach(continuation) else {
                    // Cancelled before it was queued: `attach` has answered.
                    finishedWaiting(started: false)
                    return
                }
                pool.submit { [self] state in
                    guard state == .active else {
                        if job.fail(MediaError(.busy, "Media workers are shut down.")) { finishedWaiting(started: false) }
                        return
                    }
                    // Cancelled while waiting: answered and counted when it was cancelled.
                    guard job.start() else { return }
                    finishedWaiting(started: true)
                    tuneThisThread()
                    let result = Result { try work() }
                    giveMemoryBack()
                    job.finish(result)
                    finishedRunning()
                }
            }
        } onCancel: {
            // The pool keeps the job until a thread reaches it; the queue's slot is free now.
            if job.cancel() { finishedWaiting(started: false) }
        }
    }

    /// Jobs waiting for a thread (for metrics and back-pressure decisions).
    var queuedJobs: Int { admission.waiting }

    /// Lets the threads finish the queued jobs and exit; later submissions fail with `.busy`.
    public func shutdown() {
        if admission.close() { pool.shutdownGracefully { _ in } }
    }

    /// Convenience: ingest an uploaded photo on a worker.
    public func ingest(_ data: Data, with ingest: PhotoIngest = PhotoIngest()) async throws -> IngestedPhoto {
        try await run { try ingest.ingest(data) }
    }

    private func finishedWaiting(started: Bool) {
        if admission.leaveQueue(started: started) { pool.shutdownGracefully { _ in } }
    }

    private func finishedRunning() {
        if admission.finishRunning() { pool.shutdownGracefully { _ in } }
    }

    /// On Linux a nice value belongs to the thread (`who` 0 is this worker alone); set on the
    /// thread's first job, since the pool offers no hook when a thread starts.
    private func tuneThisThread() {
        guard niceness > 0, getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) < niceness else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
    }

    /// A photo job frees blocks under the mmap threshold (libjpeg's pools, resize bands) into
    /// this thread's malloc arena, which keeps them resident unless asked; libvips keeps buffers
    /// per thread until told.
    private func giveMemoryBack() {
        sg_vips_thread_shutdown()
        _ = malloc_trim(0)
    }
}

/// The count of jobs admitted and not yet started or dropped, bounded; and, once closed, when the
/// last admitted job is done, so the pool stops only after finishing what it accepted.
private final class Admission: Sendable {
    enum Answer { case admitted, full, closed }

    private struct Counts {
        var waiting = 0
        var running = 0
        var closed = false
        var stopped = false

        /// True exactly once: when closed and nothing is left to do.
        mutating func shouldStop() -> Bool {
            guard closed, !stopped, waiting == 0, running == 0 else { return false }
            stopped = true
            return true
        }
    }

    private let counts = Mutex(Counts())
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    var waiting: Int { counts.withLock { $0.waiting } }

    func admit() -> Answer {
        counts.withLock { counts in
            if counts.closed { return .closed }
            guard counts.waiting < limit else { return .full }
            counts.waiting += 1
            return .admitted
        }
    }

    /// A job left the queue, to run or dropped; true when the pool should stop now.
    func leaveQueue(started: Bool) -> Bool {
        counts.withLock { counts in
            counts.waiting -= 1
            if started { counts.running += 1 }
            return counts.shouldStop()
        }
    }

    func finishRunning() -> Bool {
        counts.withLock { counts in
            counts.running -= 1
            return counts.shouldStop()
        }
    }

    /// Refuses new jobs; true when the pool should stop now (nothing admitted is left).
    func close() -> Bool {
        counts.withLock { counts in
            counts.closed = true
            return counts.shouldStop()
        }
    }
}

/// One job's continuation: answered exactly once, by its result, by a cancellation before it
/// starts (at once, not when a thread would have reached it), or by the pool refusing it.
private final class PendingJob<T: Sendable>: Sendable {
    private enum State {
        case created
        case waiting(CheckedContinuation<T, any Error>)
        case running(CheckedContinuation<T, any Error>)
        case cancelled
        case done
    }

    private let state = Mutex(State.created)

    /// False when the job was cancelled before it was queued (the continuation is then answered).
    func attach(_ continuation: CheckedContinuation<T, any Error>) -> Bool {
        let queued = state.withLock { state in
            guard case .created = state else { return false }
            state = .waiting(continuation)
            return true
        }
        if !queued { continuation.resume(throwing: CancellationError()) }
        return queued
    }

    /// True when the job should run (it was not cancelled while waiting).
    func start() -> Bool {
        state.withLock { state in
            guard case .waiting(let continuation) = state else { return false }
            state = .running(continuation)
            return true
        }
    }

    func finish(_ result: Result<T, any Error>) {
        let continuation: CheckedContinuation<T, any Error>? = state.withLock { state in
            guard case .running(let continuation) = state else { return nil }
            state = .done
            return continuation
        }
        continuation?.resume(with: result)
    }

    /// Answers a waiting job the pool will not run (shut down); false when it was answered already.
    func fail(_ error: any Error) -> Bool {
        let continuation: CheckedContinuation<T, any Error>? = state.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .done
            return continuation
        }
        continuation?.resume(throwing: error)
        return continuation != nil
    }

    /// A job not yet running is answered now and will not run; a running job finishes. True when
    /// it was waiting in the queue (it leaves it now).
    func cancel() -> Bool {
        let continuation: CheckedContinuation<T, any Error>? = state.withLock { state in
            switch state {
            case .created:
                state = .cancelled
                return nil
            case .waiting(let continuation):
                state = .cancelled
                return continuation
            case .running, .cancelled, .done:
                return nil
            }
        }
        continuation?.resume(throwing: CancellationError())
        return continuation != nil
    }
}
