import Foundation

/// How long the bot's HTTP servers (admin API, webhook, sandbox) keep a connection that sends
/// nothing: an idle keep-alive connection, or a request whose head or body stopped arriving
/// half-way, is closed after this long without a byte. A request being answered is never cut.
public enum HTTPServerTimeouts {
    public static let idle: Duration = .seconds(15)

    /// `idle` as the nanoseconds Hummingbird's channel configuration counts in.
    public static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
