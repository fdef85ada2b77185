import Foundation
import Logging

/// One line per event: time, level, label, message and sorted metadata, to stdout or a rotating file.
/// Callers put ids in metadata (`update_id`, `chat_id`), never user text or secrets; bot tokens
/// are removed from every line all the same.
public struct LineLogHandler: LogHandler {
    enum Sink: Sendable {
        case standardOutput
        case file(RotatingFile)
    }

    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let sink: Sink

    init(label: String, level: Logger.Level, sink: Sink) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        var all = metadata
        if let explicit = event.metadata { all.merge(explicit) { _, new in new } }
        let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = Date().formatted(.iso8601)
        // Error texts in metadata may come from outside (a description echoing the request URL).
        let event = TokenRedaction.redact("\(message)\(fields.isEmpty ? "" : " " + fields)")
        let text = "\(time) \(level) \(label): \(event)\n"
        switch sink {
        case .standardOutput:
            FileHandle.standardOutput.write(Data(text.utf8))
        case .file(let file):
            file.write(text)
        }
    }
}

extension LineLogHandler {
    /// Installs the process-wide logging system once, from the configuration; with `signals`, the
    /// alert monitor also sees the events it counts.
    public static func bootstrap(level: Logger.Level, directory: URL?, maxBytes: Int, maxFiles: Int,
                                 signals: OperationalSignals? = nil) throws {
        let sink: Sink
        if let directory {
            sink = .file(try RotatingFile(directory: directory, maxBytes: maxBytes, maxFiles: maxFiles))
        } else {
            sink = .standardOutput
        }
        LoggingSystem.bootstrap { label in
            let line = LineLogHandler(label: label, level: level, sink: sink)
            guard let signals else { return line }
            return SignalLogHandler(inner: line, signals: signals)
        }
    }
}
