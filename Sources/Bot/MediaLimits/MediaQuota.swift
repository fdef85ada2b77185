import Foundation

/// A user's media caps: photos in the diary and bytes of media. Stored as `users.max_photos` and
/// `users.max_media_bytes`; nil in the table means the default.
public struct MediaQuota: Codable, Sendable, Equatable {
    /// The diary holds 10 photos unless an admin says otherwise.
    static let defaultMaxPhotos = 10

    public var maxPhotos: Int
    /// nil: no per-user byte cap (the global budget still applies).
    public var maxBytes: Int64?

    public init(maxPhotos: Int?, maxBytes: Int64?) {
        self.maxPhotos = maxPhotos ?? Self.defaultMaxPhotos
        self.maxBytes = maxBytes
    }

    /// A change asked for by an admin; a nil field keeps the current value, `.some(nil)` restores
    /// the default.
    public struct Change: Sendable, Equatable {
        public var maxPhotos: Int??
        public var maxBytes: Int64??

        public init(maxPhotos: Int?? = nil, maxBytes: Int64?? = nil) {
            self.maxPhotos = maxPhotos
            self.maxBytes = maxBytes
        }

        public var isEmpty: Bool { maxPhotos == nil && maxBytes == nil }

        /// Largest caps an admin may set: far beyond any real diary, small enough to stay sane.
        public static let photoLimit = 0...10_000
        public static let byteLimit: ClosedRange<Int64> = 0...(1 << 40)

        /// A sentence saying what is wrong, or nil when the change can be applied.
        public var problem: String? {
            if case .some(.some(let photos)) = maxPhotos, !Self.photoLimit.contains(photos) {
                return "max_photos must be a whole number from 0 to \(Self.photoLimit.upperBound)."
            }
            if case .some(.some(let bytes)) = maxBytes, !Self.byteLimit.contains(bytes) {
                return "max_bytes must be a whole number from 0 to \(Self.byteLimit.upperBound)."
            }
            if isEmpty { return "Nothing to change: give max_photos and/or max_bytes." }
            return nil
        }
    }
}
