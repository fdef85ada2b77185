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

        package init(id: Int64, day: Int, format: String, bytes: Int64, width: Int, height: Int, createdAt: Date) {
            self.id = id
            self.day = day
            self.format = format
            self.bytes = bytes
            self.width = width
            self.height = height
            self.createdAt = createdAt
        }
    }

    public struct Render: Codable, Sendable, Equatable {
        public var id: Int64
        public var kind: String
        public var bytes: Int64
        public var createdAt: Date

        package init(id: Int64, kind: String, bytes: Int64, createdAt: Date) {
            self.id = id
            self.kind = kind
            self.bytes = bytes
            self.createdAt = createdAt
        }
    }

    public var userID: Int64
    public var locale: String
    public var status: String
    public var kitCode: String?
    public var quota: MediaQuota
    public var photos: [Photo]
    public var renders: [Render]

    public var bytes: Int64 { photos.reduce(0) { $0 + $1.bytes } + renders.reduce(0) { $0 + $1.bytes } }

    package init(userID: Int64, locale: String, status: String, kitCode: String? = nil, quota: MediaQuota, photos: [Photo], renders: [Render]) {
        self.userID = userID
        self.locale = locale
        self.status = status
        self.kitCode = kitCode
        self.quota = quota
        self.photos = photos
        self.renders = renders
    }
}
