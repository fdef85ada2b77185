import NIOConcurrencyHelpers
import TelegramEmulator

/// Exact per-chat accounting of updates and replies, fed by the emulator's observer.
///
/// The driver announces what it is about to send (`willSend`); the emulator reports when the
/// update was queued and when each reply request was answered. Each chat's replies are matched to
/// its updates first-in first-out per reply kind (the bot keeps each chat's order), which gives
/// one latency per update; a reply with no update waiting is a duplicate, an update with no reply
/// by the end is lost.
final class ReplyLedger: Sendable {
    private struct Chat {
        /// Reply kinds announced by the driver whose update the emulator has not queued yet.
        var announced: [ReplyKind] = []
        /// Queue instants of updates still waiting for a message / a callback answer.
        var awaitingMessage: [ContinuousClock.Instant] = []
        var awaitingAnswer: [ContinuousClock.Instant] = []
        var expected = 0
        var received = 0
        var duplicates = 0
    }

    private struct State {
        var chats: [Int64: Chat] = [:]
        var latencies: [Duration] = []
        var replyInstants: [ContinuousClock.Instant] = []
        var firstQueued: ContinuousClock.Instant?
        var lastQueued: ContinuousClock.Instant?
        var queued = 0
        var outstanding = 0
        var duplicates = 0
        var failedRequests: [String: Int] = [:]
    }

    // A lock rather than an actor: the observer runs synchronously on the emulator's actor and
    // must not wait for another executor.
    private let state = NIOLockedValueBox(State())

    init(expectedUpdates: Int = 0) {
        state.withLockedValue {
            $0.latencies.reserveCapacity(expectedUpdates)
            $0.replyInstants.reserveCapacity(expectedUpdates)
        }
    }

    /// The emulator observer to install in `EmulatorConfiguration.observer`.
    var observer: @Sendable (EmulatorEvent) -> Void {
        { [self] event in record(event) }
    }

    func willSend(_ kind: ReplyKind, chatID: Int64) {
        state.withLockedValue { state in
            state.chats[chatID, default: Chat()].announced.append(kind)
            state.chats[chatID, default: Chat()].expected += 1
            state.outstanding += 1
        }
    }

    private func record(_ event: EmulatorEvent) {
        state.withLockedValue { state in
            switch event {
            case .updateQueued(_, let chatID, let at):
                guard let chatID, var chat = state.chats[chatID], !chat.announced.isEmpty else { return }
                switch chat.announced.removeFirst() {
                case .message: chat.awaitingMessage.append(at)
                case .callbackAnswer: chat.awaitingAnswer.append(at)
                }
                state.chats[chatID] = chat
                state.queued += 1
                state.firstQueued = state.firstQueued ?? at
                state.lastQueued = at
            case .botRequest(let method, let chatID, let succeeded, let at):
                guard succeeded else {
                    state.failedRequests[method, default: 0] += 1
                    return
                }
                guard let kind = ReplyKind(method: method), let chatID, var chat = state.chats[chatID] else { return }
                chat.received += 1
                let queuedAt: ContinuousClock.Instant?
                switch kind {
                case .message: queuedAt = chat.awaitingMessage.isEmpty ? nil : chat.awaitingMessage.removeFirst()
                case .callbackAnswer: queuedAt = chat.awaitingAnswer.isEmpty ? nil : chat.awaitingAnswer.removeFirst()
                }
                if let queuedAt {
                    state.latencies.append(at - queuedAt)
                    state.replyInstants.append(at)
                    state.outstanding -= 1
                } else {
                    chat.duplicates += 1
                    state.duplicates += 1
                }
                state.chats[chatID] = chat
            }
        }
    }

    /// Updates announced or queued that have no reply yet.
    var outstanding: Int { state.withLockedValue { $0.outstanding } }

    var duplicates: Int { state.withLockedValue { $0.duplicates } }

    func snapshot() -> LedgerSnapshot {
        state.withLockedValue { state in
            var snapshot = LedgerSnapshot()
            for chat in state.chats.values {
                let lost = chat.awaitingMessage.count + chat.awaitingAnswer.count + chat.announced.count
                snapshot.expected += chat.expected
                snapshot.answered += chat.received - chat.duplicates
                snapshot.lost += lost
                snapshot.duplicated += chat.duplicates
                if lost > 0 { snapshot.chatsWithLoss += 1 }
                if chat.duplicates > 0 { snapshot.chatsWithDuplicates += 1 }
            }
            snapshot.queued = state.queued
            snapshot.latencies = state.latencies
            snapshot.replyInstants = state.replyInstants
            snapshot.firstQueued = state.firstQueued
            snapshot.lastQueued = state.lastQueued
            snapshot.failedRequests = state.failedRequests
            return snapshot
        }
    }
}

/// The ledger at the end of a run.
struct LedgerSnapshot: Sendable {
    var expected = 0
    var queued = 0
    var answered = 0
    var lost = 0
    var duplicated = 0
    var chatsWithLoss = 0
    var chatsWithDuplicates = 0
    var latencies: [Duration] = []
    var replyInstants: [ContinuousClock.Instant] = []
    var firstQueued: ContinuousClock.Instant?
    var lastQueued: ContinuousClock.Instant?
    var failedRequests: [String: Int] = [:]
}
