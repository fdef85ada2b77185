import Logging
import ServiceLifecycle

/// Whether this instance is the one that delivers (among several sharing a store); SQLite mode has
/// no such signal: its one process always delivers.
public protocol DeliveryLeadership: Sendable {
    /// The store the leader's services (delivery, reminders) write through: its claims carry the
    /// term and are refused once the term is over.
    var store: any Store { get }
    /// The term while this instance leads, nil while it does not; starts with the current value.
    func terms() -> AsyncStream<Int64?>
    /// Runs once per won term before the leader's services start (a new leader requeues what an
    /// older term left in flight).
    func takeOver(term: Int64) async throws
}

/// Runs a service only while this instance leads: started on winning a term, cancelled the moment
/// it is lost (no new sends start; a send in flight finishes and is recorded), started again on
/// the next win. A graceful shutdown reaches the running service as usual.
public struct LeaderOnly: Service {
    let service: any Service
    let leadership: any DeliveryLeadership
    /// Whether this service takes over for the term (only one of the leader's services does).
    let takesOver: Bool
    let logger: Logger

    public init(_ service: any Service, leadership: any DeliveryLeadership, takesOver: Bool = false, logger: Logger) {
        self.service = service
        self.leadership = leadership
        self.takesOver = takesOver
        self.logger = logger
    }

    private enum Event { case term(Int64?), shutdown }

    public func run() async throws {
        let (events, sink) = AsyncStream<Event>.makeStream()
        let watcher = Task {
            for await term in leadership.terms() { sink.yield(.term(term)) }
            sink.yield(.term(nil))
        }
        defer { watcher.cancel() }
        await withGracefulShutdownHandler {
            var running: (term: Int64, task: Task<Void, Never>)?
            for await event in events {
                switch event {
                case .term(let term?) where running?.term != term:
                    await stop(&running)
                    do {
                        if takesOver { try await leadership.takeOver(term: term) }
                    } catch {
                        logger.error("could not take over the term", metadata: ["term": "\(term)", "error": "\(ErrorSummary.of(error))"])
                        continue
                    }
                    let service = service
                    let logger = logger
                    running = (term, Task {
                        do { try await service.run() } catch {
                            logger.error("leader service stopped", metadata: ["error": "\(ErrorSummary.of(error))"])
                        }
                    })
                case .term(nil):
                    await stop(&running)
                case .term:
                    continue
                case .shutdown:
                    // The running service drains on its own graceful shutdown.
                    await running?.task.value
                    return
                }
            }
            await stop(&running)
        } onGracefulShutdown: {
            sink.yield(.shutdown)
        }
    }

    private func stop(_ running: inout (term: Int64, task: Task<Void, Never>)?) async {
        guard let current = running else { return }
        running = nil
        current.task.cancel()
        await current.task.value
    }
}

extension LeaderOnly: ShortlyDescribedService {
    public var description: String { "LeaderOnly(\(ServiceName.of(service)))" }
}
