import Foundation

/// The payload of a "collage" or "timeline" media task: the photos to show, by `photos.id`.
package struct RenderPayload: Codable, Sendable, Equatable {
    package var photoIDs: [Int64]

    enum CodingKeys: String, CodingKey {
        case photoIDs = "photos"
    }

    init(photoIDs: [Int64]) {
        self.photoIDs = photoIDs
    }
}
