import Foundation

/// A reset or a switch to another kit starts a new journey (`UserProgress.startedAt`). Photos
/// taken before it stay in the diary (the gallery shows them, they count against the cap, the
/// user may delete or replace them), but the journey's collage, timeline and PDF show only its
/// own photos, whose days are this program's days.
extension PhotoDiary {
    /// Whether a photo sent at `takenAt` belongs to the journey that began at `start` (a photo
    /// or a journey of unknown date does).
    public static func belongs(takenAt: Date?, toJourneyStartedAt start: Date?) -> Bool {
        guard let takenAt, let start else { return true }
        // Photo dates are stored to the millisecond; the journey's start is compared the same way.
        return takenAt >= start.roundedToStoredPrecision
    }

    /// The diary as the journey that began at `start` sees it: earlier journeys' photos marked
    /// and first, in the order they were taken (so "replace the earliest" takes them first and
    /// the numbers under the album stay put as this journey grows), then this journey's in day order.
    func inJourney(startedAt start: Date?) -> PhotoDiary {
        var earlier: [PhotoDiaryEntry] = [], current: [PhotoDiaryEntry] = []
        for var photo in photos {
            photo.earlierJourney = !Self.belongs(takenAt: photo.takenAt, toJourneyStartedAt: start)
            if photo.earlierJourney { earlier.append(photo) } else { current.append(photo) }
        }
        guard !earlier.isEmpty else { return PhotoDiary(photos: current, held: held) }
        earlier.sort { ($0.takenAt ?? .distantPast, $0.id) < ($1.takenAt ?? .distantPast, $1.id) }
        return PhotoDiary(photos: earlier + current, held: held)
    }

    /// The current journey's photos, in day order: what its collage and timeline show.
    var journeyPhotos: [PhotoDiaryEntry] { photos.filter { !$0.earlierJourney } }

    /// The photo with `id` when it is one of the current journey's.
    func journeyPhoto(id: Int64) -> PhotoDiaryEntry? { photo(id: id).flatMap { $0.earlierJourney ? nil : $0 } }
}
