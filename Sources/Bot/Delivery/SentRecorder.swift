/// Group commit for delivered rows: a send waits until its row is marked sent (so its chat's next
/// row is not fetched early), but rows finishing while a commit is in progress share the next
/// one. A lone send is marked at once; a burst of N sends costs a few transactions, not N.
actor SentRecorder {
    private let database: any Store
    private var queue: [(row: SentRow, done: CheckedContinuation<Void, any Error>)] = []
    private var committing = false

    init(database: any Store) {
        self.database = database
    }

    func markSent(_ row: SentRow) async throws {
        try await withCheckedThrowingContinuation { continuation in
            queue.append((row, continuation))
            if !committing {
                committing = true
                Task { await self.commitQueued() }
            }
        }
    }

    private func commitQueued() async {
        while !queue.isEmpty {
            let batch = queue
            queue = []
            do {
                try await database.markSent(batch.map(\.row))
                for entry in batch { entry.done.resume() }
            } catch {
                for entry in batch { entry.done.resume(throwing: error) }
            }
        }
        committing = false
    }
}
