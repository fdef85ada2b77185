import Foundation
import Logging
import NIOConcurrencyHelpers

/// A log kept in memory, exactly as callers wrote it (before any handler redacts it), so a
/// test can say what a line holds and, above all, what it must not.
public final class RecordedLog: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    public init() {}

    /// A logger at its most talkative level that writes here.
    public var logger: Logger {
        Logger(label: "recorded") { _ in Handler(log: self) }
    }

    /// Each event as "level message key=value …", metadata sorted.
    public var text: String { lines.withLockedValue { $0.joined(separator: "\n") } }

    fileprivate func append(_ line: String) { lines.withLockedValue { $0.append(line) } }

    private struct Handler: LogHandler {
        let log: RecordedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            log.append((["\(event.level)", "\(event.message)"] + fields).joined(separator: " "))
        }
    }
}
