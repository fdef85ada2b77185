import Foundation
import Program

extension AdminFiguresReader {
    /// Experiments for the overview and their cards. A preview button is applied here, before the
    /// figures are read: it changes only what the admin's own next messages show (no audit:
    /// nobody else sees it). A confirmed start/stop/adopt is a decision the store saves with the update.
    func readExperiments(into figures: inout AdminFigures, request: Conversation.AdminRequest, admin: Int64) async throws {
        guard !experiments.isEmpty else { return }
        if case .preview(let id, let variant) = request, let experiment = experiments.first(where: { $0.id == id }),
           variant.map(experiment.hasVariant) ?? true {
            try await database.setExperimentOverride(userID: admin, experimentID: id, variant: variant)
            figures.experimentChanged = true
        }
        figures.experiments = try await database.experimentReports(experiments)
        for override in try await database.experimentOverrides() where override.userID == admin {
            figures.previews[override.experimentID] = override.variant
        }
    }
}
