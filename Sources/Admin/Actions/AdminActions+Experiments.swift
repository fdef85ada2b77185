public import Bot
import Foundation
import HTTPTypes
import Program

/// Experiments through every admin door (API, page, CLI): reports, and start/stop/adopt, each
/// audited by the store in the decision's transaction. A decision takes effect with the bot's
/// next message: the bot reads decisions for every batch of updates and every reminder claim.
extension AdminActions {
    public enum ExperimentAction: Sendable, Equatable {
        case start, stop
        case adopt(String)
    }

    public func experimentReports() async throws -> [ExperimentReport] {
        try await database.experimentReports(experiments)
    }

    public func experimentReport(_ id: String) async throws -> ExperimentReport {
        guard let experiment = experiments.first(where: { $0.id == id }) else { throw AdminError.noSuchExperiment(id, known: experiments) }
        return try await database.experimentReports([experiment])[0]
    }

    public func decide(experiment id: String, _ action: ExperimentAction, actor: String) async throws -> ExperimentReport {
        guard let experiment = experiments.first(where: { $0.id == id }) else { throw AdminError.noSuchExperiment(id, known: experiments) }
        let now = clock.now()
        let decision: ExperimentDecision
        switch action {
        case .start: decision = ExperimentDecision(experimentID: id, status: .running, changedAt: now)
        case .stop: decision = ExperimentDecision(experimentID: id, status: .stopped, changedAt: now)
        case .adopt(let variant):
            guard experiment.hasVariant(variant) else {
                throw AdminError.badRequest("Experiment \(id) has no variant \"\(variant)\"; it has \(experiment.variants.map(\.id).joined(separator: ", ")).")
            }
            decision = ExperimentDecision(experimentID: id, status: .adopted, variant: variant, changedAt: now)
        }
        try await database.recordExperimentDecision(decision, actor: actor)
        return try await experimentReport(id)
    }

    /// The experiments declared in the content under the configured assets folder.
    /// The content as the bot loads it (nil when it does not load: no experiment is then declared).
    static func declaredCatalog(_ configuration: Configuration) -> ProgramCatalog? {
        let assets = configuration.assetsDirectory
        return try? ProgramCatalog.load(from: assets.appendingPathComponent("programs"), uiStrings: assets.appendingPathComponent("locales"))
    }
}

extension AdminError {
    static func noSuchExperiment(_ id: String, known: [Experiment]) -> AdminError {
        let names = known.isEmpty ? "none is declared in the programs' program.json" : "known: " + known.map(\.id).joined(separator: ", ")
        return AdminError(.notFound, "There is no experiment \"\(id.prefix(40))\" (\(names)).")
    }
}
