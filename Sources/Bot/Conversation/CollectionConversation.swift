import Foundation
import Program

/// `/collection`: the user's state plants, one card at a time (a photo with ← → buttons), drawn
/// by a "collection" media task; the buttons are `cl:<card number>`. Turning the page removes the
/// buttons from the card left behind (so pressing them later is "already done"); a number that
/// is not a card of the collection, or data that is not a number, gets the same short notice.
extension Conversation {
    package static let collectionPrefix = "cl:"

    func collectionCommand(user: UserRecord) -> Decision {
        guard let progress = user.progress.flatMap(ProgressCoding.decode) else { return reply("collection_not_started", to: user) }
        guard !(progress.collection ?? []).isEmpty else { return reply("collection_empty", to: user) }
        return collectionPage(1, user: user)
    }

    func collectionCallback(_ data: String, user: UserRecord, queryID: String, answer: OutboxAction, source: Int?) -> Decision {
        let count = user.progress.flatMap(ProgressCoding.decode)?.collection?.count ?? 0
        guard let page = Int(data), String(page) == data, count > 0, (1...count).contains(page) else {
            return Decision(user: user, actions: [staleAnswer(queryID, user)])
        }
        var decision = collectionPage(page, user: user)
        decision.actions.insert(answer, at: 0)
        if let source { decision.actions.insert(.editKeyboard(messageID: source, keyboard: nil), at: 1) }
        return decision
    }

    private func collectionPage(_ page: Int, user: UserRecord) -> Decision {
        var decision = Decision(user: user, actions: [.chatAction("upload_photo")])
        decision.mediaTasks = [MediaTaskRequest(kind: MediaTaskKind.collection, encoding: CollectionPayload(page: page))]
        return decision
    }
}

/// The payload of a "collection" task: which card to show (1 = the first one collected).
package struct CollectionPayload: Codable, Sendable, Equatable {
    package var page: Int
}
