import Logging

/// Passes every event to the real handler at its level, and shows warnings and worse to
/// `OperationalSignals` whatever the configured level, so the alert monitor still counts 429s
/// when the operator logs errors only.
struct SignalLogHandler: LogHandler {
    private var inner: any LogHandler
    private let signals: OperationalSignals

    init(inner: any LogHandler, signals: OperationalSignals) {
        self.inner = inner
        self.signals = signals
    }

    var logLevel: Logger.Level {
        get { min(inner.logLevel, .warning) }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        signals.observe(level: event.level, metadata: event.metadata)
        if event.level >= inner.logLevel { inner.log(event: event) }
    }
}
