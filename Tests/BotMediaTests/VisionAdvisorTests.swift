@testable import Bot
@testable import BotMedia
import Foundation
import Media
import Testing
import TestSupport

/// The vision advisor: one call per photo and language, daily limits, "likely …" wording.
@Suite struct VisionAdvisorTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    struct World {
        let advisor: VisionAdvisor
        let assessor: CountingAssessor
        let photo: BlobKey
        let directory: URL
    }

    func world(answer: PlantAssessment? = PlantAssessment(stage: .sprout, health: .ok, confidence: 0.9, advice: "Так держать <3"),
               perUser: Int = 2, budget: Int = 3) async throws -> World {
        let directory = try temporaryDirectory()
        let blobs = try FolderBlobStore(dataDirectory: directory)
        let photo = try await blobs.put(Data("a normalised photo".utf8), format: .jpeg).key
        let assessor = CountingAssessor(answer: answer)
        let advisor = VisionAdvisor(assessor: assessor, database: try AppDatabase.inMemory(), blobs: blobs,
                                    workers: MediaWorkers(threads: 1), strings: try loadStrings(), clock: ManualClock(now),
                                    perUserDaily: perUser, dailyBudget: budget, logger: quietLogger)
        return World(advisor: advisor, assessor: assessor, photo: photo, directory: directory)
    }

    @Test func theAnswerIsWordedAsLikelyEscapedAndCachedByPhoto() async throws {
        let world = try await world()
        defer { try? FileManager.default.removeItem(at: world.directory) }
        let first = await world.advisor.advice(photo: world.photo, userID: 1, locale: "ru")
        #expect(first == "<i>Похоже, это первые ростки, и всё выглядит здоровым. Так держать &lt;3</i>")
        #expect(await world.advisor.advice(photo: world.photo, userID: 2, locale: "ru") == first)
        #expect(await world.assessor.calls == 1)
        #expect(await world.assessor.sentPhotos == [Data("a normalised photo".utf8)])
        let english = await world.advisor.advice(photo: world.photo, userID: 1, locale: "en")
        #expect(english?.hasPrefix("<i>Likely these are the first sprouts, and everything looks healthy.") == true)
    }

    @Test func callsStopAtTheUsersDailyLimitAndAtTheGlobalBudget() async throws {
        let world = try await world(perUser: 2, budget: 3)
        defer { try? FileManager.default.removeItem(at: world.directory) }
        let blobs = try FolderBlobStore(dataDirectory: world.directory)
        var keys: [BlobKey] = []
        for index in 0..<6 { keys.append(try await blobs.put(Data("photo \(index)".utf8), format: .jpeg).key) }
        // User 1: two calls, the third photo gets no advice
        #expect(await world.advisor.advice(photo: keys[0], userID: 1, locale: "ru") != nil)
        #expect(await world.advisor.advice(photo: keys[1], userID: 1, locale: "ru") != nil)
        #expect(await world.advisor.advice(photo: keys[2], userID: 1, locale: "ru") == nil)
        // User 2: one call left in the day's budget
        #expect(await world.advisor.advice(photo: keys[3], userID: 2, locale: "ru") != nil)
        #expect(await world.advisor.advice(photo: keys[4], userID: 2, locale: "ru") == nil)
        #expect(await world.assessor.calls == 3)
    }

    @Test func failuresAndUnsureAnswersGiveNoAdvice() async throws {
        let failing = try await world(answer: nil)
        defer { try? FileManager.default.removeItem(at: failing.directory) }
        #expect(await failing.advisor.advice(photo: failing.photo, userID: 1, locale: "ru") == nil)
        let unsure = try await world(answer: PlantAssessment(stage: .harvest, health: .mold, confidence: 0.2, advice: "?"))
        defer { try? FileManager.default.removeItem(at: unsure.directory) }
        #expect(await unsure.advisor.advice(photo: unsure.photo, userID: 1, locale: "ru") == nil)
    }

    @Test func aFailureIsLoggedInItsOwnSentenceAndAnUnknownOneByTypeOnly() async throws {
        let world = try await world(answer: nil)
        defer { try? FileManager.default.removeItem(at: world.directory) }
        let log = RecordedLog()
        func advisor(_ assessor: any PlantAssessor) throws -> VisionAdvisor {
            VisionAdvisor(assessor: assessor, database: try AppDatabase.inMemory(), blobs: try FolderBlobStore(dataDirectory: world.directory),
                          workers: MediaWorkers(threads: 1), strings: try loadStrings(), clock: ManualClock(now), logger: log.logger)
        }
        // Given a vision API that answers 503, and a client whose error text holds the answer and the key
        let refused = try advisor(CountingAssessor(answer: nil)), leaky = try advisor(LeakyAssessor())
        // When each is asked about a photo
        #expect(await refused.advice(photo: world.photo, userID: 1, locale: "ru") == nil)
        #expect(await leaky.advice(photo: world.photo, userID: 1, locale: "ru") == nil)
        // Then the first is logged in its sentence, the second by its type, and neither leaks
        let lines = log.text.split(separator: "\n").filter { $0.hasPrefix("warning no vision advice") }
        #expect(lines == ["warning no vision advice error=The vision API answered HTTP 503.", "warning no vision advice error=Leak"])
        #expect(!log.text.contains("zephyr"))
    }
}

/// Fails as a vision client might if it put what it sent or got into its error's text.
struct LeakyAssessor: PlantAssessor {
    struct Leak: Error, CustomStringConvertible {
        var description: String { "the model said \"zephyr-advice\" to Authorization: Bearer sk-zephyr-key" }
    }

    func assess(jpeg: Data, language: String) async throws -> PlantAssessment { throw Leak() }
}

/// Answers with a fixed assessment (or fails when nil) and counts calls.
actor CountingAssessor: PlantAssessor {
    let answer: PlantAssessment?
    private(set) var calls = 0
    private(set) var sentPhotos: [Data] = []

    init(answer: PlantAssessment?) {
        self.answer = answer
    }

    func assess(jpeg: Data, language: String) async throws -> PlantAssessment {
        calls += 1
        sentPhotos.append(jpeg)
        guard let answer else { throw MediaError(.vision, "The vision API answered HTTP 503.") }
        return answer
    }
}
