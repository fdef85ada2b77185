import Bot
import Foundation
import Program

extension PracticeStatistics {
    /// The figures of `user`'s current journey from what the store holds (their progress and
    /// photo rows); nil before they started a program.
    static func of(_ user: UserRecord, photos: [StoredPhotoRow], catalog: ProgramCatalog, lengths: PracticeLengths,
                   now: Date) -> PracticeStatistics? {
        guard let progress = user.progress.flatMap(ProgressCoding.decode) else { return nil }
        let taken = photos.map { Photo(day: $0.day, greenCoverage: $0.greenCoverage, takenAt: $0.createdAt) }
        return of(progress, catalog: catalog, locale: user.locale, photos: taken, lengths: lengths, now: now,
                  timeZone: user.timeZone)
    }
}
