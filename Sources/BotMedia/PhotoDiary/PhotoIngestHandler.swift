import Bot
import Foundation
import Media

/// Runs "ingest" tasks: downloads what the user sent (refusing more than 20 MB before
/// downloading), normalises it on the media workers, stores the blobs, then in the finishing
/// transaction adds the photo row and the reply, or, when the diary is full, holds the photo
/// and offers to replace one.
struct PhotoIngestHandler: MediaTaskHandler {
    static let kind = MediaTaskKind.ingest
    var kind: String { Self.kind }

    let client: any TelegramClient
    let workers: MediaWorkers
    let blobs: any BlobStore
    let ingest: PhotoIngest
    let messages: PhotoDiaryMessages
    let database: any Store
    /// When a vision API is configured, a saved photo also gets a "vision" task for a follow-up line.
    let advisor: (any PhotoAdvisor)?
    /// The global media budget (`SOGRETO_MEDIA_BUDGET_MB`): when full, new photos are refused.
    let budget: MediaBudget?
    let maxBytes: Int
    /// Where downloads wait for a worker (`UploadFolder`).
    let uploads: URL

    init(client: any TelegramClient, workers: MediaWorkers, blobs: any BlobStore, database: any Store,
                strings: BotStrings, ingest: PhotoIngest = PhotoIngest(), advisor: (any PhotoAdvisor)? = nil,
                budget: MediaBudget? = nil, maxBytes: Int = 20 * 1024 * 1024,
                uploads: URL = FileManager.default.temporaryDirectory) {
        self.client = client
        self.workers = workers
        self.blobs = blobs
        self.ingest = ingest
        self.messages = PhotoDiaryMessages(strings: strings)
        self.database = database
        self.advisor = advisor
        self.maxBytes = maxBytes
        self.budget = budget
        self.uploads = uploads
    }

    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let payload = try task.decodePayload(IngestPayload.self)
        // Sent before and stored: no need to download it again.
        if try await database.storedPhotoDay(userID: task.userID, fileUniqueID: payload.fileUniqueID) != nil {
            return commit(task, payload, stored: nil)
        }
        // An admin's byte cap and the global media budget refuse new photos kindly;
        // the photo cap is the diary's own hold-and-replace flow, so it is not asked here.
        if case .refused(let reason) = try await database.uploadAllowance(
            userID: task.userID, incomingBytes: Int64(payload.size ?? 0), budget: budget), reason != .photoLimit {
            if payload.mediaGroupID != nil { return filing(payload, stored: nil, refused: true) }
            let locale = try await locale(of: task.userID)
            return .reply([.message(text: messages.text(reason.textKey, locale), keyboard: nil)])
        }
        // The upload waits for a worker as a file, not in memory: 50 users sending 4 MB photos at
        // once must not hold 200 MB of downloads; the decoder then maps or reads the file.
        let upload = uploads.appendingPathComponent("sogreto-upload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: upload) }
        if case .refused(let reason) = try await download(payload, to: upload) { return try await refuse(task, payload, reason) }
        let ingest = ingest
        let result: Result<IngestedPhoto, MediaError> = try await workers.run {
            do {
                return .success(try ingest.ingest(.file(upload)))
            } catch let error as MediaError where error.isCausedByInput {
                return .failure(error)
            }
        }
        switch result {
        case .failure(let error): return try await refuse(task, payload, error.reason)
        case .success(let photo):
            let main = try await blobs.put(photo.main, format: .jpeg)
            let thumb = try await blobs.put(photo.thumbnail, format: .jpeg)
            let stored = StoredPhotoFacts(
                sha256: main.key.hex, thumbSHA256: thumb.key.hex, bytes: photo.main.count + photo.thumbnail.count,
                width: photo.width, height: photo.height, sourceFormat: photo.sourceFormat.rawValue,
                greenCoverage: photo.greenCoverage, day: payload.day, programID: payload.programID,
                fileUniqueID: payload.fileUniqueID, takenAt: payload.sentAt)
            return commit(task, payload, stored: stored)
        }
    }

    /// Downloaded, or why the diary cannot take the file, checked before downloading when Telegram says its size.
    private enum Download {
        case stored
        case refused(MediaError.Reason)
    }

    private func download(_ payload: IngestPayload, to destination: URL) async throws -> Download {
        if let size = payload.size, size > maxBytes { return .refused(.fileTooLarge) }
        let file: File
        do {
            file = try await client.send(GetFile(fileID: payload.fileID))
        } catch let error as TelegramError where error.errorCode == 400 {
            // "file is too big" is the usual 400; any other means the file cannot be had either.
            return .refused(.fileTooLarge)
        }
        if let size = file.fileSize, size > maxBytes { return .refused(.fileTooLarge) }
        guard let path = file.filePath else { throw MediaTaskError("getFile gave no file path.") }
        do {
            try await client.downloadFile(path: path, to: destination, maxBytes: maxBytes)
            return .stored
        } catch let error as TelegramError {
            if case .fileTooBig = error.kind { return .refused(.fileTooLarge) }
            throw error
        }
    }

    private func refuse(_ task: MediaTask, _ payload: IngestPayload, _ reason: MediaError.Reason) async throws -> MediaTaskCompletion {
        if payload.mediaGroupID != nil { return filing(payload, stored: nil, refused: true) }
        return .reply([messages.refusal(PhotoRefusal(reason), locale: try await locale(of: task.userID))])
    }

    /// The finishing writes (`PhotoFiling`): a duplicate is told so, a full diary holds the photo
    /// and offers a replacement, anything else becomes a row with a warm reply.
    private func commit(_ task: MediaTask, _ payload: IngestPayload, stored: StoredPhotoFacts?) -> MediaTaskCompletion {
        filing(payload, stored: stored)
    }

    private func filing(_ payload: IngestPayload, stored: StoredPhotoFacts?, refused: Bool = false) -> MediaTaskCompletion {
        .filePhoto(PhotoFiling(payload: payload, stored: stored, refused: refused, asksVision: advisor != nil,
                               messages: messages))
    }

    private func locale(of userID: Int64) async throws -> String {
        try await database.user(userID)?.locale ?? BotStrings.defaultLocale
    }
}
