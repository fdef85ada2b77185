import Foundation
import Logging
import Program

/// Reads `AdminFigures` before an admin's `/admin` message or `adm:` button is decided; for
/// everyone else it reads nothing, so the command stays unknown to them.
public struct AdminFiguresReader: Sendable {
    let database: any Store
    let adminIDs: Set<Int64>
    let budget: MediaBudget?
    let logger: Logger
    /// The declared experiments (their reports join the overview; admins preview their variants).
    public var experiments: [Experiment] = []

    init(database: any Store, adminIDs: Set<Int64>, budget: MediaBudget?, logger: Logger) {
        self.database = database
        self.adminIDs = adminIDs
        self.budget = budget
        self.logger = logger
    }

    func figures(for update: Update, conversation: Conversation, now: Date) async -> AdminFigures? {
        guard let sender = UpdateProcessor.userID(of: update), adminIDs.contains(sender),
              let request = Conversation.AdminRequest(update) else { return nil }
        do {
            var figures = AdminFigures(storage: try await database.storageReport(budget: budget, top: 5),
                                       funnel: try await database.funnelReport())
            if let id = request.userID {
                figures.lookup = id
                figures.user = try await database.userMedia(id)
            }
            try await readExperiments(into: &figures, request: request, admin: sender)
            return figures
        } catch {
            logger.error("admin figures unreadable", metadata: ["error": "\(ErrorSummary.of(error))"])
            return nil
        }
    }
}
