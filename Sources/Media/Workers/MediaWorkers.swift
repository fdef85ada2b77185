import CMalloc
import CVips
import Foundation

/// A fixed set of dedicated threads for libvips work, so that decoding and encoding never block
/// Swift's cooperative thread pool (which must stay free for the bot's handlers), and so that
/// at most `threads` images are processed at once however many users upload together.
///
/// Jobs wait in a FIFO queue of bounded length; a full queue answers `.busy` at once instead of
/// letting memory grow. A job whose task is cancelled before it starts is dropped.
public final class MediaWorkers: Sendable {
    private let queue: JobQueue
    public let threads: Int

    /// Starts `threads` worker threads (one per core suits libvips with one thread per image).
    /// A positive `niceness` lowers their scheduling priority, so that in a service the threads
    /// answering users get the CPU first and media work takes what is left.
    public init(threads: Int = 2, maxQueuedJobs: Int = 256, niceness: Int = 0) {
        self.threads = max(1, threads)
        queue = JobQueue(limit: maxQueuedJobs)
        for index in 0..<self.threads {
            let thread = Thread { [queue] in
                // Named from inside: on Linux a name set before start() is not applied.
                Thread.current.name = "media-worker-\(index)"
                // On Linux a nice value belongs to the thread: `who` 0 is this worker alone.
                if niceness > 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Int32(niceness)) }
                while let job = queue.next() {
                    job.run()
                    queue.finished(job.id)
                    // A photo job frees blocks under the mmap threshold (libjpeg's pools, resize
                    // bands) into this thread's malloc arena, which keeps them resident unless asked.
                    _ = malloc_trim(0)
                }
                sg_vips_thread_shutdown()
            }
            thread.start()
        }
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
        let id = UUID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
                let job = Job(id: id, run: { continuation.resume(with: Result { try work() }) },
                              cancel: { continuation.resume(throwing: $0) })
                queue.submit(job)
            }
        } onCancel: {
            queue.cancel(id)
        }
    }

    /// Jobs waiting for a thread (for metrics and back-pressure decisions).
    public var queuedJobs: Int { queue.count }

    /// Lets the threads finish the queued jobs and exit; later submissions fail with `.busy`.
    public func shutdown() {
        queue.close()
    }

    /// Convenience: ingest an uploaded photo on a worker.
    public func ingest(_ data: Data, with ingest: PhotoIngest = PhotoIngest()) async throws -> IngestedPhoto {
        try await run { try ingest.ingest(data) }
    }
}

/// One queued piece of work; exactly one of `run` and `cancel` is called, exactly once.
private struct Job: Sendable {
    let id: UUID
    let run: @Sendable () -> Void
    let cancel: @Sendable (any Error) -> Void
}

/// The waiting jobs and the condition the worker threads sleep on.
///
/// `@unchecked Sendable`: the mutable fields are only touched while holding
/// `condition`'s lock.
private final class JobQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var closed = false
    private var running: Set<UUID> = []
    /// Ids cancelled before their job was submitted (a race of cancellation with submission).
    private var cancelledEarly: Set<UUID> = []
    private let limit: Int

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return jobs.count - head
    }

    func submit(_ job: Job) {
        condition.lock()
        if cancelledEarly.remove(job.id) != nil {
            condition.unlock()
            job.cancel(CancellationError())
            return
        }
        guard !closed, jobs.count - head < limit else {
            let closed = self.closed
            condition.unlock()
            job.cancel(MediaError(.busy, closed ? "Media workers are shut down." : "Too many photos are being processed; try again in a moment."))
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// The next job, waiting for one; nil once the queue is closed and empty.
    func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count && !closed { condition.wait() }
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        running.insert(job.id)
        if head > 64 && head * 2 > jobs.count {  // drop consumed slots now and then
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }

    func finished(_ id: UUID) {
        condition.lock()
        running.remove(id)
        condition.unlock()
    }

    /// Drops a job that has not started; a job already running finishes normally.
    func cancel(_ id: UUID) {
        condition.lock()
        guard let index = jobs[head...].firstIndex(where: { $0.id == id }) else {
            if !running.contains(id) {
                // Not submitted yet: refuse it when it arrives. (Bounded: a cancellation that
                // lands after its job finished would otherwise stay here for good.)
                if cancelledEarly.count > 1024 { cancelledEarly.removeAll() }
                cancelledEarly.insert(id)
            }
            condition.unlock()
            return
        }
        let job = jobs.remove(at: index)
        condition.unlock()
        job.cancel(CancellationError())
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
