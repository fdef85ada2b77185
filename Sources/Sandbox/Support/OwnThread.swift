import Foundation

/// Runs blocking work (file system, SQLite migrations, reading assets) on a thread of its own,
/// never on Swift's cooperative pool: on a 2-core machine that pool has two threads, and the web
/// chat, the emulator and the bot all need them to answer while the work runs.
enum OwnThread {
    static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try work() })
            }
            thread.name = "sogreto-sandbox-io"
            thread.start()
        }
    }
}
