import Foundation
import Media
import S3
import S3TestSupport
import Testing
@testable import Maintenance
@testable import Bot
import TestSupport

/// `sogreto media migrate` as an operator runs it (the built binary, moto with authentication
/// on): killed with SIGKILL in the middle, run again, every blob is in the bucket once and
/// intact; `--verify` prints one line and fails when a referenced object is gone.
@Suite(.enabled(if: MotoServer.isInstalled && FileManager.default.isExecutableFile(atPath: sogretoBinary.path),
                "needs moto_server (scripts/install-deps) and the built sogreto executable"))
struct MediaMigrateCommandTests {
    private func environment(data: URL, moto: MotoServer, settings: S3Settings) -> [String: String] {
        AssetsLocationTests.environment(data: data).merging([
            "SOGRETO_S3_ENDPOINT": "http://127.0.0.1:\(moto.port)", "SOGRETO_S3_BUCKET": settings.bucket,
            "SOGRETO_S3_ACCESS_KEY_ID": moto.accessKeyID, "SOGRETO_S3_SECRET_ACCESS_KEY": moto.secretAccessKey,
            "SOGRETO_S3_PATH_STYLE": "true", "SOGRETO_S3_PREFIX": "prod/",
        ]) { $1 }
    }

    @Test func aMigrationKilledMidwayResumesAndEndsWithEveryBlobIntact() async throws {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket(prefix: "prod/")
        let diary = try BlobCollectionTests.PhotoDiaryFixture.make("migrate-kill")
        defer { try? FileManager.default.removeItem(at: diary.directory) }
        // Given 250 blobs in the media folder, two of them a photo's with its row
        let photo = try await diary.addPhoto(user: 1, "kept")
        for index in 0..<248 { _ = try await diary.blobs.put(Data("blob \(index) ".utf8) + Data(count: 2_000), format: .jpeg) }
        let environment = environment(data: diary.directory, moto: moto, settings: settings)

        // When the migration is killed with SIGKILL once it has reported progress
        #expect(try await killedOnceProgressShows(["media", "migrate", "--to", "s3"], environment: environment,
                                                  in: diary.directory))

        // And run again, then verified against the rows
        let second = try await runCommand(sogretoBinary, ["media", "migrate", "--to", "s3", "--verify"],
                                          environment: environment, in: diary.directory)

        // Then the second run took up where the first stopped and every blob is there, intact
        #expect(second.status == 0, "\(second.standardError)")
        let summary = try #require(second.standardOutput.split(separator: "\n").first.map(String.init))
        let counts = numbers(in: summary)  // total, copied, bytes, already there, damaged, failed
        #expect(counts.count == 6 && counts[0] == 250 && counts[4] == 0 && counts[5] == 0, "\(summary)")
        #expect(counts.count == 6 && counts[3] >= 100 && counts[1] > 0 && counts[1] + counts[3] == 250, "\(summary)")
        #expect(second.standardOutput.contains("2 referenced blobs, 2 intact"), "\(second.standardOutput)")
        let bucket = S3BlobStore(client: try S3Client(settings: settings), scratch: diary.directory.appendingPathComponent("check"))
        let audit = try await BlobAudit.audit(bucket)
        #expect(audit.checked == 250 && audit.corrupt.isEmpty)
        #expect(try await bucket.allEntries().map(\.name) == diary.blobs.allEntries().map(\.name))

        // When a referenced object goes missing, --verify says so in one line and fails
        try await bucket.delete(BlobName(key: photo.thumb, format: .jpeg))
        let check = try await runCommand(sogretoBinary, ["media", "migrate", "--verify"], environment: environment,
                                         in: diary.directory)
        #expect(check.status != 0)
        #expect(check.standardOutput.split(separator: "\n").count == 1, "\(check.standardOutput)")
        #expect(check.standardOutput.contains("2 referenced blobs, 1 intact") && check.standardOutput.contains("1 missing"),
                "\(check.standardOutput)")
        #expect(check.standardError.contains(photo.thumb.hex))
        for output in [second.standardOutput, second.standardError, check.standardOutput, check.standardError] {
            #expect(!output.contains(moto.secretAccessKey))
        }
    }

    @Test func theReverseSwitchBringsTheBucketBackIntoTheFolderAfterAnInterruption() async throws {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket(prefix: "prod/")
        let scratch = temporaryDirectory("migrate-back-work")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let bucket = S3BlobStore(client: try S3Client(settings: settings), scratch: scratch)
        let diary = try BlobCollectionTests.PhotoDiaryFixture.make("migrate-back") { _ in bucket }
        defer { try? FileManager.default.removeItem(at: diary.directory) }
        // Given a bot whose media are in the bucket: 250 blobs, two of them a photo's with its row
        let photo = try await diary.addPhoto(user: 1, "kept")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<4 {
                group.addTask {
                    for index in stride(from: lane, to: 248, by: 4) {
                        _ = try await bucket.put(Data("blob \(index) ".utf8) + Data(count: 2_000), format: .jpeg)
                    }
                }
            }
            try await group.waitForAll()
        }
        let environment = environment(data: diary.directory, moto: moto, settings: settings)
        let folder = try FolderBlobStore(dataDirectory: diary.directory)
        #expect(try await folder.allEntries().isEmpty)

        // When `media migrate --to folder` is killed with SIGKILL once it has reported progress
        #expect(try await killedOnceProgressShows(["media", "migrate", "--to", "folder"], environment: environment,
                                                  in: diary.directory))
        let copiedBeforeTheKill = try await folder.allEntries().count
        #expect(copiedBeforeTheKill < 250, "the first run was stopped before it finished")

        // And run again with --verify, which checks the rows against the folder
        let second = try await runCommand(sogretoBinary, ["media", "migrate", "--to", "folder", "--verify"],
                                          environment: environment, in: diary.directory)

        // Then it resumed, and every blob is in the folder, intact, under the bucket's names
        #expect(second.status == 0, "\(second.standardError)")
        let lines = second.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Migrated to the media folder: 250 blobs") == true, "\(second.standardOutput)")
        let counts = numbers(in: lines.first ?? "")  // total, copied, bytes, already there, damaged, failed
        #expect(counts.count == 6 && counts[1] + counts[3] == 250 && counts[4] == 0 && counts[5] == 0, "\(lines)")
        #expect(counts.count == 6 && counts[3] >= copiedBeforeTheKill - 4, "blobs copied before the kill are not copied again")
        #expect(lines.last?.hasPrefix("Verified the media folder against the rows: 2 referenced blobs, 2 intact") == true,
                "\(second.standardOutput)")
        let audit = try await BlobAudit.audit(folder)
        #expect(audit.checked == 250 && audit.corrupt.isEmpty, "\(audit)")
        #expect(try await folder.allEntries().map(\.name) == bucket.allEntries().map(\.name))
        #expect(try await folder.data(of: BlobName(key: photo.main, format: .jpeg)) == bucket.data(of: BlobName(key: photo.main, format: .jpeg)))
        // And the bucket is left as it was, for the operator to empty once the bot runs on the folder
        #expect(try await bucket.allEntries().count == 250)
    }

    /// The figures after the place's name (a bucket's name may hold digits).
    private func numbers(in line: String) -> [Int] {
        let figures = line.range(of: "\": ").map { line[$0.upperBound...] } ?? line[...]
        return figures.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
    }

    /// Runs `sogreto` with `arguments` and kills it with SIGKILL once it has reported progress;
    /// whether it did report, and died of the signal.
    private func killedOnceProgressShows(_ arguments: [String], environment: [String: String],
                                         in directory: URL) async throws -> Bool {
        let process = Process()
        process.executableURL = sogretoBinary
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let sawProgress = await firstLine(containing: "progress:", from: errors.fileHandleForReading, within: .seconds(60))
        kill(process.processIdentifier, SIGKILL)
        await exited(process)
        return sawProgress && process.terminationReason == .uncaughtSignal
    }

    /// Reads `handle` on a dispatch thread until a line contains `text`; false at its end or past `limit`.
    private func firstLine(containing text: String, from handle: FileHandle, within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var seen = Data()
                while ContinuousClock.now < deadline {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    seen += chunk
                    if String(decoding: seen, as: UTF8.self).contains(text) {
                        continuation.resume(returning: true)
                        return
                    }
                }
                continuation.resume(returning: false)
            }
        }
    }
}

/// `sogreto restore --verify-only` with media in a bucket: a backup (the database only) is sound
/// only while the bucket holds every blob its rows refer to.
@Suite(.enabled(if: MotoServer.isInstalled && FileManager.default.isExecutableFile(atPath: sogretoBinary.path),
                "needs moto_server (scripts/install-deps) and the built sogreto executable"))
struct RestoreVerifyBucketCommandTests {
    @Test func aBackupIsSoundOnlyWhileTheBucketHoldsEveryBlobItRefersTo() async throws {
        // Given a photo and a collage in the bucket, and a backup of the database
        let given = try await BucketBackup.make("restore-verify-s3")
        let (settings, bucket, diary, environment, photo, folder) = (given.settings, given.bucket, given.diary,
                                                                     given.environment, given.photo, given.folder)
        defer { try? FileManager.default.removeItem(at: diary.directory) }

        // When it is verified, then again after the photo's object is deleted from the bucket
        let sound = try await runCommand(sogretoBinary, ["restore", folder, "--verify-only"], environment: environment,
                                         in: diary.directory)
        try await bucket.delete(BlobName(key: photo.main, format: .jpeg))
        let broken = try await runCommand(sogretoBinary, ["restore", folder, "--verify-only"], environment: environment,
                                          in: diary.directory)

        // Then the first finds its three blobs in the bucket; the second fails naming the missing one
        #expect(sound.status == 0, "\(sound.standardError)")
        #expect(sound.standardOutput.contains("its 3 media blobs are all in S3 bucket \"\(settings.bucket)\""),
                "\(sound.standardOutput)")
        #expect(broken.status != 0)
        #expect(broken.standardError.contains("refers to 3 media blobs, and 1 are missing from S3 bucket")
                && broken.standardError.contains(photo.main.hex), "\(broken.standardError)")
        #expect(broken.standardError.split(separator: "\n").count == 1)
    }

    @Test func aFullRestoreChecksTheBucketFirstAndWritesNothingWhenABlobIsMissing() async throws {
        // Given a photo and a collage in the bucket, and a backup of the database
        let given = try await BucketBackup.make("restore-full-s3")
        let (settings, bucket, diary, environment, photo, folder) = (given.settings, given.bucket, given.diary,
                                                                     given.environment, given.photo, given.folder)
        defer { try? FileManager.default.removeItem(at: diary.directory) }
        let database = BackupManifest.databaseFileName

        // When it is restored while the bucket holds everything, then again after the photo's object is gone
        let whole = diary.directory.appendingPathComponent("restored-whole")
        let restored = try await runCommand(sogretoBinary, ["restore", folder, "--to", whole.path], environment: environment,
                                            in: diary.directory)
        try await bucket.delete(BlobName(key: photo.main, format: .jpeg))
        let broken = diary.directory.appendingPathComponent("restored-broken")
        let refused = try await runCommand(sogretoBinary, ["restore", folder, "--to", broken.path], environment: environment,
                                           in: diary.directory)
        let leftAfterRefusal = (try? FileManager.default.contentsOfDirectory(atPath: broken.path)) ?? []
        let anyway = try await runCommand(sogretoBinary, ["restore", folder, "--to", broken.path, "--allow-missing-media"],
                                          environment: environment, in: diary.directory)

        // Then the first restores and says its blobs are all in the bucket
        #expect(restored.status == 0, "\(restored.standardError)")
        #expect(restored.standardOutput.contains("its 3 media blobs are all in S3 bucket \"\(settings.bucket)\""),
                "\(restored.standardOutput)")
        #expect(FileManager.default.fileExists(atPath: whole.appendingPathComponent(database).path))
        // And the second is refused in one sentence naming the missing blob, with nothing written
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("refers to 3 media blobs, and 1 are missing from S3 bucket")
                && refused.standardError.contains(photo.main.hex)
                && refused.standardError.contains("--allow-missing-media"), "\(refused.standardError)")
        #expect(refused.standardError.split(separator: "\n").count == 1)
        #expect(leftAfterRefusal.filter { !DataDirectoryLock.fileNames.contains($0) }.isEmpty, "\(leftAfterRefusal)")
        // And with --allow-missing-media it is restored, saying what is missing
        #expect(anyway.status == 0, "\(anyway.standardError)")
        #expect(anyway.standardOutput.contains("1 of its 3 media blobs are not in S3 bucket"), "\(anyway.standardOutput)")
        #expect(FileManager.default.fileExists(atPath: broken.appendingPathComponent(database).path))
        let secret = try #require(environment["SOGRETO_S3_SECRET_ACCESS_KEY"])
        for output in [restored, refused, anyway].flatMap({ [$0.standardOutput, $0.standardError] }) {
            #expect(!output.contains(secret))
        }
    }

    @Test func aFolderBackupsManifestIsCheckedAgainstTheBucketItWasMigratedTo() async throws {
        let moto = try await MotoServer.shared()
        let diary = try BlobCollectionTests.PhotoDiaryFixture.make("restore-verify-folder")
        defer { try? FileManager.default.removeItem(at: diary.directory) }
        let scratch = diary.directory.appendingPathComponent("s3-work")
        let bucket = S3BlobStore(client: try S3Client(settings: try await moto.makeBucket()), scratch: scratch)
        // Given a folder backup (blobs linked in its manifest), one stray blob with no row, then the media migrated
        let photo = try await diary.addPhoto(user: 1, "kept")
        let stray = try await diary.blobs.put(Data("no row refers to this".utf8), format: .jpeg)
        let written = try BackupWriter(database: diary.database, dataDirectory: diary.directory).make(now: Date())
        _ = try await MediaMigration(source: diary.blobs, destination: bucket, scratch: scratch).run()

        // When the backup is checked against the bucket, before and after the stray object goes
        let before = try await BackupMediaCheck.check(written.folder, manifest: written.manifest, against: bucket, scratch: scratch)
        try await bucket.delete(stray.name)
        let after = try await BackupMediaCheck.check(written.folder, manifest: written.manifest, against: bucket, scratch: scratch)

        // Then the manifest's blobs count too, not only the rows'
        #expect(before.referenced == 3 && before.isSound, "\(before)")
        #expect(after.missing == [stray.key.hex], "\(after)")
        #expect(try await bucket.head(BlobName(key: photo.main, format: .jpeg)) != nil)
    }
}

/// A diary whose photo and collage live in a moto bucket under "prod/", the environment that
/// points the binary at it, and a backup of the diary's database taken with `sogreto backup`.
private struct BucketBackup {
    let settings: S3Settings
    let bucket: S3BlobStore
    let diary: BlobCollectionTests.PhotoDiaryFixture
    let environment: [String: String]
    let photo: (id: Int64, main: BlobKey, thumb: BlobKey)
    let folder: String

    static func make(_ name: String) async throws -> BucketBackup {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket(prefix: "prod/")
        let bucket = S3BlobStore(client: try S3Client(settings: settings), scratch: temporaryDirectory("\(name)-work"))
        let diary = try BlobCollectionTests.PhotoDiaryFixture.make(name) { _ in bucket }
        let environment = AssetsLocationTests.environment(data: diary.directory).merging([
            "SOGRETO_S3_ENDPOINT": "http://127.0.0.1:\(moto.port)", "SOGRETO_S3_BUCKET": settings.bucket,
            "SOGRETO_S3_ACCESS_KEY_ID": moto.accessKeyID, "SOGRETO_S3_SECRET_ACCESS_KEY": moto.secretAccessKey,
            "SOGRETO_S3_PATH_STYLE": "true", "SOGRETO_S3_PREFIX": "prod/",
        ]) { $1 }
        let photo = try await diary.addPhoto(user: 1, "kept")
        _ = try await diary.addRender(user: 1, sources: [photo.main])
        let backups = diary.directory.appendingPathComponent("elsewhere")
        let backup = try await runCommand(sogretoBinary, ["backup", "--into", backups.path], environment: environment,
                                          in: diary.directory)
        #expect(backup.status == 0, "\(backup.standardError)")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: backups.path).first)
        return BucketBackup(settings: settings, bucket: bucket, diary: diary, environment: environment, photo: photo,
                            folder: backups.appendingPathComponent(name).path)
    }
}
