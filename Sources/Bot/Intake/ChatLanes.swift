/// Serialises work per chat: work for one chat runs in the order it was enqueued, work for
/// different chats runs concurrently. Webhook requests arrive concurrently; this keeps each
/// chat's updates in order as long polling's batches do.
actor ChatLanes {
    private var tails: [Int64: Task<Void, Never>] = [:]

    /// Runs `work` after the chat's previous work has finished and returns when it is done.
    func run(_ chat: Int64, _ work: @escaping @Sendable () async -> Void) async {
        let previous = tails[chat]
        // Not a bare fire-and-forget task: the caller awaits it below, so its lifetime is the request's.
        let task = Task {
            await previous?.value
            await work()
        }
        tails[chat] = task
        await task.value
        if tails[chat] == task { tails[chat] = nil }
    }
}
