import Foundation

/// The blob directory's size, measured at most once per `maximumAge`: walking tens of thousands
/// of files takes seconds on a busy disk, too slow to repeat on every page load.
actor DiskUsageCache {
    struct Usage: Sendable {
        var bytes: Int64
        var files: Int
        var measuredAt: Date
    }

    let maximumAge: TimeInterval
    private var last: Usage?

    init(maximumAge: TimeInterval = 300) {
        self.maximumAge = maximumAge
    }

    func usage(now: Date, measure: @Sendable () async throws -> [BlobInventory.Blob]) async throws -> Usage {
        if let last, now.timeIntervalSince(last.measuredAt) < maximumAge, now >= last.measuredAt { return last }
        let blobs = try await measure()
        let usage = Usage(bytes: blobs.reduce(0) { $0 + $1.bytes }, files: blobs.count, measuredAt: now)
        last = usage
        return usage
    }

    /// After deleting files the next figure must be measured afresh.
    func invalidate() {
        last = nil
    }
}
