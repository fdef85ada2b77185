import Dispatch
import Foundation
import ServiceLifecycle
import Synchronization

/// SIGTERM and SIGINT from the first moment of start-up. Until a service group listens, their
/// default action ends the process by the signal wherever start-up is (opening the store,
/// greeting Telegram). Installed first thing, a signal is remembered instead: start-up checks
/// `received` between its steps and stops there, and a group run through `run(_:)` shuts down
/// gracefully at once, even when the signal came before it started.
public enum TerminationSignals {
    private struct State {
        var installed = false
        var received = false
        var sources: [KeptSource] = []
        var groups: [ObjectIdentifier: ServiceGroup] = [:]
    }

    private static let state = Mutex(State())

    /// Takes SIGTERM and SIGINT from their default action (once per process), returning when
    /// the handlers are in place.
    public static func install() async {
        guard state.withLock({ state in
            defer { state.installed = true }
            return !state.installed
        }) else { return }
        var sources: [KeptSource] = []
        for signal in [SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler { receive() }
            // libdispatch takes the signal over while registering, which happens after `resume`.
            await withCheckedContinuation { (registered: CheckedContinuation<Void, Never>) in
                source.setRegistrationHandler { registered.resume() }
                source.resume()
            }
            sources.append(KeptSource(source: source))
        }
        let kept = sources
        state.withLock { $0.sources = kept }
    }

    /// Whether SIGTERM or SIGINT came since `install()`.
    public static var received: Bool { state.withLock { $0.received } }

    /// Runs `group`, shutting it down gracefully when a signal comes or came already: its own
    /// signal handling starts only once it runs, and would miss one that came during start-up.
    public static func run(_ group: ServiceGroup) async throws {
        let key = ObjectIdentifier(group)
        let already = state.withLock { state -> Bool in
            if !state.received { state.groups[key] = group }
            return state.received
        }
        if already { await group.triggerGracefulShutdown() }
        defer { state.withLock { _ = $0.groups.removeValue(forKey: key) } }
        try await group.run()
    }

    private static func receive() {
        let groups = state.withLock { state -> [ServiceGroup] in
            state.received = true
            return Array(state.groups.values)
        }
        for group in groups {
            Task { await group.triggerGracefulShutdown() }
        }
    }
}

/// A signal source kept alive for the process's life and never touched again after `install()`
/// resumed it (`@unchecked Sendable`: nothing reads or changes it from another thread).
private final class KeptSource: @unchecked Sendable {
    let source: any DispatchSourceSignal
    init(source: any DispatchSourceSignal) { self.source = source }
}
