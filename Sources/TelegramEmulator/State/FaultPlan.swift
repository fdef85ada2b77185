import Foundation

/// The faults injected by a test, consumed request by request.
struct FaultPlan {
    /// What to do with one request before it is executed.
    enum Action: Sendable {
        case proceed
        case fail(APIFailure)
        case delayThenProceed(Duration)
        case dropConnection
    }

    private struct CountedFault {
        var fault: Fault
        var remaining: Int
    }

    private var counted: [CountedFault] = []
    private(set) var forbiddenChats: Set<Int64> = []

    mutating func add(_ fault: Fault) {
        switch fault {
        case .forbidden(let chatID): forbiddenChats.insert(chatID)
        case .tooManyRequests(_, _, let count), .serverError(_, _, let count), .slowReplies(_, let count),
             .dropConnection(_, let count):
            if count > 0 { counted.append(CountedFault(fault: fault, remaining: count)) }
        }
    }

    mutating func clear() {
        counted.removeAll()
        forbiddenChats.removeAll()
    }

    /// The first pending fault that applies to `method` (case-insensitive), consuming one use.
    mutating func action(for method: String) -> Action {
        guard !counted.isEmpty else { return .proceed }
        for index in counted.indices {
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
            case .forbidden:
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
