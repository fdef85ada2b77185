/// Waits for what a test expects to see, never for a fixed time: `condition` is checked until it
/// holds or `limit` passes (then checked once more). The pause between checks only paces polling.
public func eventually(within limit: Duration = .seconds(20),
                       _ condition: () async throws -> Bool) async throws -> Bool {
    try await eventualValue(within: limit) { try await condition() ? true : nil } ?? false
}

/// The first non-nil value `produce` gives within `limit`; nil when none came.
public func eventualValue<Value>(within limit: Duration = .seconds(20),
                                 _ produce: () async throws -> Value?) async throws -> Value? {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if let value = try await produce() { return value }
        try await Task.sleep(for: pollInterval)
    }
    return try await produce()
}

/// What `body` gives, or nil when `limit` passes first (the body is then cancelled): for waits
/// that end by an event rather than by polling.
public func withDeadline<Value: Sendable>(_ limit: Duration,
                                          _ body: @escaping @Sendable () async -> Value?) async -> Value? {
    await withTaskGroup(of: Value?.self) { group in
        group.addTask { await body() }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

/// Short enough that a test never waits noticeably after its condition holds, long enough that
/// dozens of polling tests do not starve the two cores CI has.
private let pollInterval: Duration = .milliseconds(20)

/// Waits until `isIdle` holds on several checks in a row, spanning at least `span`, so "nothing
/// more was sent" can be asserted: one idle look can fall between an update's arrival and its
/// reply. False when the system never went quiet within `limit`.
public func quiescence(span: Duration = .milliseconds(150), within limit: Duration = .seconds(30),
                       _ isIdle: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    var quietSince: ContinuousClock.Instant?
    while ContinuousClock.now < deadline {
        if try await isIdle() {
            let since = quietSince ?? ContinuousClock.now
            quietSince = since
            if ContinuousClock.now - since >= span { return true }
        } else {
            quietSince = nil
        }
        try await Task.sleep(for: pollInterval)
    }
    return false
}
