import Foundation
import Program

/// The payload of a "manifesto-card" task: the photos to show (by `photos.id`, earliest first)
/// and the card's filled words, as the engine wrote them with the manifesto.
package struct ManifestoCardPayload: Codable, Sendable, Equatable {
    package var photoIDs: [Int64]
    package var title: String
    package var lines: [String]
    package var colours: KitColours?

    enum CodingKeys: String, CodingKey {
        case photoIDs = "photos", title, lines, colours
    }

    init(photoIDs: [Int64], card: ManifestoCardText) {
        self.photoIDs = photoIDs
        title = card.title
        lines = card.lines
        colours = card.colours
    }
}
