public import Bot
public import Reports

/// The diary's sentences name files, fields and libharu codes, never the user's own text, so a
/// failed export's log line and error row say what went wrong.
extension ReportsError: SafelyDescribedError {
    public var safeDescription: String { description }
}
