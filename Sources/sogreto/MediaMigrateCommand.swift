import ArgumentParser
import Bot
import Foundation
import Media
import Maintenance
import S3

/// `sogreto media migrate --to s3|folder` and `--verify`: moves media between the data
/// directory's folder and the `SOGRETO_S3_*` bucket, and checks a store against the rows.
struct MediaMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy every media blob to the S3 bucket (or back to the folder); --verify checks the rows' blobs.",
        discussion: """
        --to s3 copies $SOGRETO_DATA_DIR/media into the bucket of SOGRETO_S3_*; --to folder copies the \
        bucket back. Each blob is hashed before it is sent and read back after; an interrupted run resumes \
        (blobs already there are skipped), so run it again until it prints nothing to copy. Rows keep \
        content keys, so they stay as they are. --verify reads every blob the database refers to from the \
        configured store and checks its SHA-256. Exit status 1 when anything is missing or damaged.
        """)

    enum Target: String, ExpressibleByArgument, CaseIterable {
        case s3, folder
    }

    @Option(help: "Where to copy the blobs: s3 (from the media folder) or folder (from the bucket).")
    var to: Target?

    @Flag(help: "Check that every blob the rows refer to is in the configured store, intact.")
    var verify = false

    func validate() throws {
        if to == nil && !verify { throw ValidationError("Say --to s3, --to folder or --verify.") }
    }

    func run() async throws {
        let configuration = try loadConfiguration()
        guard configuration.objectStorage != nil else {
            throw exitFailure("SOGRETO_S3_ENDPOINT and SOGRETO_S3_BUCKET are not set, so there is no bucket to migrate "
                              + "to or verify (see DEPLOY.md)")
        }
        // Shared: a migration runs beside the bot (run it again after stopping it), never beside a restore.
        try lockDataDirectory(configuration, for: .share).holdUntilExit()
        do {
            try await MediaStorage.checkReachable(configuration)
        } catch {
            throw exitFailure(error.description)
        }
        let bucket = try MediaStorage.blobStore(for: configuration)
        let folder = try FolderBlobStore(dataDirectory: configuration.dataDirectory)
        var sound = true
        if let to {
            let migration = to == .s3
                ? MediaMigration(source: folder, destination: bucket, scratch: MediaStorage.workDirectory(configuration))
                : MediaMigration(source: bucket, destination: folder, scratch: MediaStorage.workDirectory(configuration))
            sound = try await migrate(migration, to: to, configuration: configuration)
        }
        if verify && sound {
            sound = try await verifyRows(in: to == .folder ? folder : bucket, configuration: configuration)
        }
        if !sound { throw ExitCode.failure }
    }

    private func migrate(_ migration: MediaMigration, to target: Target, configuration: Configuration) async throws -> Bool {
        let meter = ProgressMeter()
        let result: MediaMigration.Progress
        do {
            result = try await migration.run { meter.show($0) }
        } catch let error as BlobStoreError {
            throw exitFailure("The migration stopped: \(error.message) Run it again to resume.")
        }
        let place = target == .s3 ? "S3 bucket \"\(configuration.objectStorage?.bucket ?? "")\"" : "the media folder"
        print("Migrated to \(place): \(result.total) blobs, \(result.copied) copied and read back intact "
              + "(\(result.copiedBytes) bytes), \(result.alreadyThere) already there, "
              + "\(result.damagedAtSource.count) damaged at the source, \(result.failed.count) failed.")
        for name in result.damagedAtSource.prefix(20) {
            FileHandle.standardError.write(Data("damaged at the source (not copied): \(name)\n".utf8))
        }
        for failure in result.failed.prefix(20) {
            FileHandle.standardError.write(Data("not copied: \(failure.name): \(failure.reason)\n".utf8))
        }
        return result.isComplete
    }

    private func verifyRows(in store: any BlobStore, configuration: Configuration) async throws -> Bool {
        let database = try await openCommandStore(configuration)  // PostgreSQL when SOGRETO_DATABASE_URL is set
        let expected = MediaVerification.expected(try await database.mediaReferences())
        let report: MediaVerification.Report
        do {
            report = try await MediaVerification(store: store, readsContent: true).verify(expected)
        } catch let error as BlobStoreError {
            throw exitFailure("The verification stopped: \(error.message)")
        }
        let place = to == .folder ? "the media folder" : "S3 bucket \"\(configuration.objectStorage?.bucket ?? "")\""
        print("Verified \(place) against the rows: \(report.referenced) referenced blobs, \(report.intact) intact "
              + "(\(report.bytes) bytes), \(report.missing.count) missing, \(report.damaged.count) damaged.")
        for hex in report.missing.prefix(20) { FileHandle.standardError.write(Data("missing: \(hex)\n".utf8)) }
        for name in report.damaged.prefix(20) { FileHandle.standardError.write(Data("damaged: \(name)\n".utf8)) }
        return report.isSound
    }
}

/// Prints a migration's progress on stderr every 100 blobs and at the end.
private final class ProgressMeter: @unchecked Sendable {
    // Only the migration's reporting task calls `show`, one call at a time.
    private var lastShown = 0

    func show(_ progress: MediaMigration.Progress) {
        guard progress.done - lastShown >= 100 || progress.done == progress.total else { return }
        lastShown = progress.done
        FileHandle.standardError.write(Data(
            "progress: \(progress.done) of \(progress.total) blobs (\(progress.copied) copied, \(progress.alreadyThere) already there)\n".utf8))
    }
}
