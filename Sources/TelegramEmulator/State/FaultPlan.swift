import Foundation

/// The faults injected by a test, consumed request by request.
struct FaultPlan {
    /// What to do with one request before it is executed.
    enum Action: Sendable {
        case proceed
        case fail(APIFailure)
        case delayThenProceed(Duration)
        case dropConnection
        /// No answer for this long, then the connection closes; the request takes no effect.
        case silenceThenDrop(Duration)
        /// A server error whose description quotes the request's URL.
        case failEchoingURL(status: Int)
    }

    private struct CountedFault {
        var fault: Fault
        var remaining: Int
        /// Only requests about this chat, when set.
        var chatID: Int64?
    }

    private var counted: [CountedFault] = []
    private(set) var forbiddenChats: Set<Int64> = []

    mutating func add(_ fault: Fault, chatID: Int64? = nil) {
        switch fault {
        case .forbidden(let chatID): forbiddenChats.insert(chatID)
        case .tooManyRequests(_, _, let count), .serverError(_, _, let count), .slowReplies(_, let count),
             .dropConnection(_, let count), .serverErrorEchoingURL(_, _, let count), .unanswered(_, let count, _):
            if count > 0 { counted.append(CountedFault(fault: fault, remaining: count, chatID: chatID)) }
        case .inChat(let chat, let inner):
            add(inner, chatID: chat)
        }
    }

    mutating func clear() {
        counted.removeAll()
        forbiddenChats.removeAll()
    }

    /// The first pending fault that applies to `method` (case-insensitive), consuming one use.
    mutating func action(for method: String, chatID: Int64?) -> Action {
        guard !counted.isEmpty else { return .proceed }
        for index in counted.indices {
            if let target = counted[index].chatID, target != chatID { continue }
            let action: Action?
            switch counted[index].fault {
            case .tooManyRequests(let retryAfter, let target, _):
                action = Self.matches(target, method) ? .fail(.tooManyRequests(retryAfter: max(1, retryAfter))) : nil
            case .serverError(let status, let target, _):
                action = Self.matches(target, method) ? .fail(.serverError(status: status)) : nil
            case .slowReplies(let delay, _):
                action = .delayThenProceed(delay)
            case .dropConnection(let target, _):
                action = Self.matches(target, method) ? .dropConnection : nil
            case .unanswered(let target, _, let silence):
                action = Self.matches(target, method) ? .silenceThenDrop(silence) : nil
            case .serverErrorEchoingURL(let status, let target, _):
                action = Self.matches(target, method) ? .failEchoingURL(status: status) : nil
            case .forbidden, .inChat:
                action = nil
            }
            guard let action else { continue }
            counted[index].remaining -= 1
            if counted[index].remaining <= 0 { counted.remove(at: index) }
            return action
        }
        return .proceed
    }

    private static func matches(_ target: String?, _ method: String) -> Bool {
        guard let target else { return true }
        return target.lowercased() == method.lowercased()
    }
}
