import ServiceLifecycle

/// A service that names itself in a few words. ServiceGroup names each service `"\(service)"` in
/// its debug and trace logs (and builds the names at every start); printed in full, a service
/// spells out its whole dependency graph, every localized text and admin id, megabytes a line.
public protocol ShortlyDescribedService: Service, CustomStringConvertible {}

public enum ServiceName {
    /// The service's own short description, or its type's name (a framework's application).
    public static func of(_ service: any Service) -> String {
        (service as? any ShortlyDescribedService)?.description ?? String(describing: type(of: service))
    }

    /// The configuration entries for a group, each service named in a few words.
    public static func configurations(_ services: [any Service]) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0, serviceName: of($0)) }
    }
}

extension OutboxDelivery: ShortlyDescribedService {
    var description: String { "OutboxDelivery(concurrency: \(limits.concurrency))" }
}

extension ReminderScheduler: ShortlyDescribedService {
    package var description: String { "ReminderScheduler(batch: \(batchSize))" }
}

extension MediaTaskRunner: ShortlyDescribedService {
    package var description: String { "MediaTaskRunner(concurrency: \(concurrency), \(handlers.count) kinds)" }
}

extension PollingIntake: ShortlyDescribedService {
    public var description: String { "PollingIntake(timeout: \(pollTimeout) s)" }
}

extension MediaBudgetWatch: ShortlyDescribedService {
    var description: String { "MediaBudgetWatch" }
}

extension AlertMonitor: ShortlyDescribedService {
    public var description: String { "AlertMonitor" }
}
