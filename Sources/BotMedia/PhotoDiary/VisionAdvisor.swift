import Bot
import Foundation
import Logging
import Media

/// A `PhotoAdvisor` over the vision API: one answer per photo and language (cached), at most
/// `perUserDaily` calls per user and `dailyBudget` calls overall per UTC day, worded "likely …".
/// Any failure means no advice: the photo reply goes out without it.
struct VisionAdvisor: PhotoAdvisor {
    let assessor: any PlantAssessor
    let database: any Store
    let blobs: any BlobStore
    let workers: MediaWorkers
    let strings: BotStrings
    let clock: any BotClock
    let perUserDaily: Int
    let dailyBudget: Int
    /// Below this the model is guessing: better say nothing.
    let minimumConfidence: Double
    let logger: Logger

    init(assessor: any PlantAssessor, database: any Store, blobs: any BlobStore, workers: MediaWorkers,
                strings: BotStrings, clock: any BotClock, perUserDaily: Int = 3, dailyBudget: Int = 200,
                minimumConfidence: Double = 0.4, logger: Logger) {
        self.assessor = assessor
        self.database = database
        self.blobs = blobs
        self.workers = workers
        self.strings = strings
        self.clock = clock
        self.perUserDaily = perUserDaily
        self.dailyBudget = dailyBudget
        self.minimumConfidence = minimumConfidence
        self.logger = logger
    }

    func advice(photo: BlobKey, userID: Int64, locale: String) async -> String? {
        do {
            guard let assessment = try await assessment(photo: photo, userID: userID, locale: locale),
                  assessment.confidence >= minimumConfidence else { return nil }
            return wording(assessment, locale: locale)
        } catch {
            logger.warning("no vision advice", metadata: ["error": "\(error)"])
            return nil
        }
    }

    func assessment(photo: BlobKey, userID: Int64, locale: String) async throws -> PlantAssessment? {
        // A cached answer that no longer decodes is asked again.
        if let cached = try await database.cachedVisionAnswer(sha256: photo.hex, locale: locale)
            .flatMap({ try? JSONDecoder().decode(PlantAssessment.self, from: Data($0.utf8)) }) {
            return cached
        }
        let day = Self.utcDay(clock.now())
        guard try await database.reserveVisionCall(userID: userID, day: day, perUser: perUserDaily, budget: dailyBudget) else {
            return nil
        }
        let jpeg = try await blobs.data(of: BlobName(key: photo, format: .jpeg))
        let assessment = try await assessor.assess(jpeg: jpeg, language: locale)
        let json = String(decoding: try JSONEncoder().encode(assessment), as: UTF8.self)
        try await database.cacheVisionAnswer(json, sha256: photo.hex, locale: locale, now: clock.now())
        return assessment
    }

    func wording(_ assessment: PlantAssessment, locale: String) -> String {
        strings.text("photo_vision_note", locale, [
            "stage": strings.text("vision_stage_\(assessment.stage.rawValue)", locale),
            "health": strings.text("vision_health_\(assessment.health.rawValue)", locale),
            "advice": assessment.advice,
        ]).trimmingCharacters(in: .whitespaces)
    }

    static func utcDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
