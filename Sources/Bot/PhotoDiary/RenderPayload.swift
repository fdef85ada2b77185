import Foundation

/// The payload of a "collage" or "timeline" media task: the photos to show, by `photos.id`.
struct RenderPayload: Codable, Sendable, Equatable {
    var photoIDs: [Int64]

    enum CodingKeys: String, CodingKey {
        case photoIDs = "photos"
    }
}
