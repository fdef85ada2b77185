import Foundation

/// How much media is stored and by whom: the admin API's `/admin/storage`, `/admin` in Telegram
/// and `sogreto admin storage` all show this one value.
public struct StorageReport: Codable, Sendable, Equatable {
    /// Photos or renders of one kind: how many and how many bytes.
    public struct Usage: Codable, Sendable, Equatable {
        public var name: String
        public var count: Int
        public var bytes: Int64

        package init(name: String, count: Int, bytes: Int64) {
            self.name = name
            self.count = count
            self.bytes = bytes
        }
    }

    /// One user's share of the storage.
    public struct UserUsage: Codable, Sendable, Equatable {
        public var userID: Int64
        public var photos: Int
        public var renders: Int
        public var bytes: Int64

        package init(userID: Int64, photos: Int, renders: Int, bytes: Int64) {
            self.userID = userID
            self.photos = photos
            self.renders = renders
            self.bytes = bytes
        }
    }

    public var usersWithMedia: Int
    public var photos: Int
    public var renders: Int
    /// Photo rows (original + thumbnail) plus render rows, as recorded when written; the budget counts these.
    public var bytes: Int64
    /// What the blob files really take (measured by the admin API and CLI; nil where not measured,
    /// e.g. /admin in Telegram). Differs from `bytes` when files were shared, lost or left over.
    public var bytesOnDisk: Int64?
    public var blobFiles: Int?
    /// Photos by the format the user sent (jpeg, png, heif…).
    public var byFormat: [Usage]
    /// Renders by kind (collage, timeline, diary).
    public var byRenderKind: [Usage]
    /// The global budget (`SOGRETO_MEDIA_BUDGET_MB`) and its use; nil when no budget is set.
    public var budget: MediaBudget.Usage?
    /// The heaviest users first.
    public var topUsers: [UserUsage]

    package init(usersWithMedia: Int, photos: Int, renders: Int, bytes: Int64, bytesOnDisk: Int64? = nil, blobFiles: Int? = nil, byFormat: [Usage], byRenderKind: [Usage], budget: MediaBudget.Usage? = nil, topUsers: [UserUsage]) {
        self.usersWithMedia = usersWithMedia
        self.photos = photos
        self.renders = renders
        self.bytes = bytes
        self.bytesOnDisk = bytesOnDisk
        self.blobFiles = blobFiles
        self.byFormat = byFormat
        self.byRenderKind = byRenderKind
        self.budget = budget
        self.topUsers = topUsers
    }
}
