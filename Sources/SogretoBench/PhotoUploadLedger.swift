import NIOConcurrencyHelpers
import TelegramEmulator

/// Counts the bot's replies in the uploaders' chats (one per photo) and when the uploads and the
/// last reply happened, fed by the emulator's observer.
final class PhotoUploadLedger: Sendable {
    private struct State {
        var uploaders: Set<Int64> = []
        var replies = 0
        var firstUpload: ContinuousClock.Instant?
        var lastReply: ContinuousClock.Instant?
    }

    private let state = NIOLockedValueBox(State())

    /// The chats whose replies count, set before their first upload.
    func watch(_ chats: Set<Int64>) {
        state.withLockedValue { $0.uploaders = chats }
    }

    func record(_ event: EmulatorEvent) {
        state.withLockedValue { state in
            switch event {
            case .updateQueued(_, let chatID, let at):
                guard let chatID, state.uploaders.contains(chatID) else { return }
                state.firstUpload = state.firstUpload ?? at
            case .botRequest(let method, let chatID, let succeeded, let at):
                guard succeeded, method == "sendMessage", let chatID, state.uploaders.contains(chatID) else { return }
                state.replies += 1
                state.lastReply = at
            }
        }
    }

    var replies: Int { state.withLockedValue { $0.replies } }

    /// From the first upload queued to the last reply.
    var span: Duration? {
        state.withLockedValue { state in
            guard let first = state.firstUpload, let last = state.lastReply else { return nil }
            return last - first
        }
    }
}
