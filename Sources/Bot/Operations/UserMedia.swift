import Foundation

/// One user's stored media and caps: `GET /admin/users/{id}/media` and the user card in /admin.
public struct UserMedia: Codable, Sendable, Equatable {
    public struct Photo: Codable, Sendable, Equatable {
        public var id: Int64
        public var day: Int
        public var format: String
        public var bytes: Int64
        public var width: Int
        public var height: Int
        public var createdAt: Date
    }

    public struct Render: Codable, Sendable, Equatable {
        public var id: Int64
        public var kind: String
        public var bytes: Int64
        public var createdAt: Date
    }

    public var userID: Int64
    public var locale: String
    public var status: String
    public var kitCode: String?
    public var quota: MediaQuota
    public var photos: [Photo]
    public var renders: [Render]

    public var bytes: Int64 { photos.reduce(0) { $0 + $1.bytes } + renders.reduce(0) { $0 + $1.bytes } }
}
