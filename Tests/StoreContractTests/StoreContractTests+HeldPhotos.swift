import Foundation
import Testing
@testable import Bot

/// A photo sent while the diary is full waits in its ingest task for the user's choice: its
/// blobs are the user's media like any photo's, on every engine. Retention, /forget and the
/// operator's purge erase it, and its blobs are released unless another row (a photo, a render
/// or someone else's held photo) uses them; until then no blob it holds counts as unused.
extension StoreContractTests {
    static let heldH = String(repeating: "h", count: 64), heldHThumb = String(repeating: "h", count: 63) + "0"
    static let photoA = String(repeating: "a", count: 64)

    /// Files `name` for `user` while their diary is full (its cap set to what they have), so it is held.
    static func holdPhoto(_ name: String, day: Int, user: Int64, store: any Store, now: Date) async throws {
        let count = try await store.photoCount(userID: user)
        _ = try await store.setQuota(userID: user, change: MediaQuota.Change(maxPhotos: count), actor: "t", now: now)
        _ = try await Fixtures.file(Fixtures.photo(name, day: day, bytes: 300), user: user, store: store, now: now)
    }

    /// The kept data of `plantKeptData` (7: photos a, b and a collage; 8: photo b), and a photo
    /// held for each: 7's of new bytes h, 8's of the same bytes as 7's photo a.
    static func plantHeldPhotos(_ store: any Store) async throws {
        try await plantKeptData(store, user: 7, now: start)
        try await holdPhoto("h", day: 3, user: 7, store: store, now: start)
        try await holdPhoto("a", day: 2, user: 8, store: store, now: start)
        #expect(try await store.photoDiary(of: 7).held.map(\.day) == [3])
        #expect(try await store.photoDiary(of: 8).held.map(\.day) == [2])
    }

    @Test(arguments: StoreFactories.all)
    func aHeldPhotosBlobsCountAsUsedAndAreListedWithTheirUser(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        try await Self.plantHeldPhotos(store)
        // Then the blob collector, the orphan report and exports see the held photos' blobs as used
        let references = try await store.mediaReferences()
        #expect(references.held.map(\.userID).sorted() == [7, 8])
        #expect(references.held.first { $0.userID == 7 }.map { [$0.sha256, $0.thumbSHA256] } == [Self.heldH, Self.heldHThumb])
        #expect(references.held.first { $0.userID == 7 }?.day == 3)
        #expect(references.referencedBlobs.isSuperset(of: [Self.heldH, Self.heldHThumb]))
        #expect(try await store.isBlobReferenced(Self.heldH))
        #expect(try await store.isBlobReferenced(Self.heldHThumb))
        #expect(try await store.noteReleasedBlobs([Self.heldH], now: Self.start).isEmpty)
    }

    @Test(arguments: StoreFactories.all)
    func retentionErasesAPhotoHeldForTheUsersChoiceAndReleasesOnlyItsUnsharedBlobs(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        try await Self.plantHeldPhotos(store)
        // When 7 and 8 are warned and 8 comes back, then 7's media are erased at the day
        let warnDay = Self.start.addingTimeInterval(16 * Self.day)
        #expect(try await store.warnInactiveUsers(inactiveSince: Self.start, now: warnDay, warning: Self.warning) == 2)
        let back = warnDay.addingTimeInterval(Self.day)
        _ = try await store.apply(updateID: 60, userID: 8, chatID: 8, now: back) { stored, _ in
            var user = stored
            user?.lastActivityAt = back
            return Decision(user: user, actions: [])
        }
        let erased = try await store.eraseInactiveMedia(inactiveSince: Self.start, warnedBy: warnDay,
                                                        now: warnDay.addingTimeInterval(14 * Self.day))
        // Then 7's held photo went with the rest: counted, its task gone, both its blobs released
        let result = try #require(erased.first)
        #expect(erased.count == 1 && result.photos == 3 && result.renders == 1)
        #expect(result.bytes == 600 + 400 + 10 + 300)
        #expect(result.releasedBlobs.contains(Self.heldH) && result.releasedBlobs.contains(Self.heldHThumb))
        #expect(try await store.photoDiary(of: 7).held.isEmpty)
        #expect(try await store.mediaTasks(userID: 7).allSatisfy { $0.state != "held" })
        #expect(!(try await store.isBlobReferenced(Self.heldH)))
        // and the erase task carries them to the blob store
        let eraser = try #require(try await store.claimMediaTasks(now: warnDay.addingTimeInterval(14 * Self.day), limit: 10,
                                                                  busyUsers: []).first { $0.kind == BlobErasureHandler.kind })
        #expect(eraser.payload.contains(Self.heldH))
        // but photo a stays: 8's held photo has the same bytes; and 8 keeps the held photo
        #expect(!result.releasedBlobs.contains(Self.photoA))
        #expect(try await store.isBlobReferenced(Self.photoA))
        #expect(try await store.photoDiary(of: 8).held.count == 1)
    }

    @Test(arguments: StoreFactories.all)
    func forgettingAUserReleasesTheBlobsOfTheirHeldPhoto(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        try await Self.plantHeldPhotos(store)
        // When 7 is forgotten
        let result = try #require(try await store.forgetUser(7, request: Self.farewell, now: Self.start.addingTimeInterval(60)))
        // Then the held photo is counted and its blobs released for deletion; a is still 8's
        #expect(result.photos == 3)
        #expect(result.releasedBlobs.contains(Self.heldH) && result.releasedBlobs.contains(Self.heldHThumb))
        #expect(!result.releasedBlobs.contains(Self.photoA))
        #expect(try await store.mediaReferences().held.map(\.userID) == [8])
    }

    @Test(arguments: StoreFactories.all)
    func anOperatorsPurgeErasesTheHeldPhotoToo(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        try await Self.plantHeldPhotos(store)
        let result = try #require(try await store.purgeMedia(userID: 7, actor: "admin:1", notice: { _ in [] }, now: Self.start))
        #expect(result.photos == 3)
        #expect(result.releasedBlobs.contains(Self.heldH) && !result.releasedBlobs.contains(Self.photoA))
        #expect(try await store.photoDiary(of: 7).held.isEmpty)
    }

    @Test(arguments: StoreFactories.all)
    func aUserWhoseOnlyMediaIsAHeldPhotoIsWarnedAndErasedToo(_ factory: StoreFactory) async throws {
        guard let store = try await factory.make() else { return }
        try await store.importUsers([Fixtures.user(4)], jobs: [], now: Self.start)
        try await Self.holdPhoto("h", day: 1, user: 4, store: store, now: Self.start)
        let warnDay = Self.start.addingTimeInterval(16 * Self.day)
        #expect(try await store.warnInactiveUsers(inactiveSince: Self.start, now: warnDay, warning: Self.warning) == 1)
        let erased = try await store.eraseInactiveMedia(inactiveSince: Self.start, warnedBy: warnDay,
                                                        now: warnDay.addingTimeInterval(14 * Self.day))
        #expect(erased.map(\.photos) == [1])
        #expect(erased.first?.releasedBlobs.sorted() == [Self.heldHThumb, Self.heldH].sorted())
    }
}
