import Foundation
import Program

/// The manifesto's image card: when the engine has just written the manifesto, a
/// "manifesto-card" media task draws it with the journey's first and latest photos.
extension Conversation {
    func sendingManifestoCard(_ card: ManifestoCardText?, in decision: Decision) -> Decision {
        guard let card else { return decision }
        let photos = photoDiary.journeyPhotos
        let ids = [photos.first?.id, photos.count > 1 ? photos.last?.id : nil].compactMap { $0 }
        var decision = decision
        decision.mediaTasks.append(MediaTaskRequest(kind: MediaTaskKind.manifestoCard,
                                                    encoding: ManifestoCardPayload(photoIDs: ids, card: card)))
        return decision
    }
}
