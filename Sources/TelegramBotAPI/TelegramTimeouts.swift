public import Foundation

/// How long a Telegram request may take, by kind. A send that meets no answer gives up within
/// seconds and Delivery retries it (the chat's later messages wait behind it), rather than one
/// stuck connection holding a chat for the old 30 s.
public struct TelegramTimeouts: Sendable, Equatable {
    /// Opening a connection: milliseconds on a working network, and a dropped SYN is sent again
    /// after 1 s and 3 s, so 5 s covers two retransmissions.
    public var connect: TimeInterval = 5
    /// The whole exchange for a request without files (sendMessage, edits, answers): Telegram
    /// answers those well within a second.
    public var reply: TimeInterval = 10
    /// Uploads and downloads: given up when no byte moved for this long…
    var stall: TimeInterval = 15
    /// …or when the whole transfer takes longer than this.
    var transfer: TimeInterval = 120
    /// Added to a long poll's own timeout before the poll counts as lost.
    var longPollGrace: TimeInterval = 10
    /// A request without files answered later than this is logged (notice) with where its time
    /// went, so a slow send is explained even when it does not time out.
    package var slowNotice: TimeInterval = 1

    public init() {}
}
