import ArgumentParser
import Bot
import Foundation
import Logging
import Media
import Maintenance
import S3

/// `sogreto backup`: one consistent online backup now (safe while the bot runs), then pruning.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database and media blobs into $SOGRETO_DATA_DIR/backups/<time>, then prune old backups.",
        discussion: """
        Safe while `sogreto run` is running: the database is copied with SQLite's online backup API \
        from one consistent snapshot (with SOGRETO_DATABASE_URL, PostgreSQL's store is dumped with \
        `pg_dump -Fc` instead). Media blobs are hard-linked (copied across file systems) and every \
        file's SHA-256 goes into manifest.json. Retention: SOGRETO_BACKUP_KEEP_DAILY, SOGRETO_BACKUP_KEEP_WEEKLY.
        """)

    @Option(help: "Write backups here instead of $SOGRETO_DATA_DIR/backups.")
    var into: String?

    @Flag(help: "Do not delete old backups afterwards.")
    var noPrune = false

    func run() async throws {
        let configuration = try loadConfiguration()
        let snapshot: DatabaseSnapshot
        var lock: DataDirectoryLock?
        if let postgres = try configuredPostgres(configuration) {
            snapshot = try PostgresBackup.snapshot(postgres)
        } else {
            guard FileManager.default.fileExists(atPath: configuration.databaseURL.path) else {
                throw exitFailure("there is no database at \(configuration.databaseURL.path) (check SOGRETO_DATA_DIR)")
            }
            lock = try lockDataDirectory(configuration, for: .share)
            snapshot = .sqlite(try AppDatabase.open(at: configuration.databaseURL))
        }
        defer { withExtendedLifetime(lock) {} }
        let writer = BackupWriter(snapshot: snapshot, dataDirectory: configuration.dataDirectory,
                                  backupsDirectory: into.map { URL(fileURLWithPath: $0).standardizedFileURL },
                                  blobs: try MediaStorage.blobStore(for: configuration))
        let result: BackupWriter.Result
        do {
            result = try await writer.makeInBackground(now: Date())
        } catch let error as BackupError {
            throw exitFailure(error.description)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let pruned = noPrune ? [] : BackupRetention.prune(writer.backupsDirectory, daily: configuration.backups.keepDaily,
                                                            weekly: configuration.backups.keepWeekly,
                                                            calendar: calendar, now: Date())
        print("Backup \(result.folder.path): \(result.manifest.files.count) files, \(result.manifest.totalBytes) bytes "
              + "(\(result.linkedFiles) media hard-linked, \(result.copiedFiles) copied); pruned \(pruned.count) old backup(s).")
    }
}

/// `sogreto restore BACKUP --to DIR`: verifies every checksum and the database's integrity, then restores.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Verify a backup and restore it into a data directory (stop the bot first).",
        discussion: """
        BACKUP is a backup folder, or the name of one in $SOGRETO_DATA_DIR/backups. Every file is checked \
        against manifest.json and the database must pass PRAGMA integrity_check; a damaged backup is refused \
        and nothing is written. A PostgreSQL backup (a pg_dump) is only verified: --verify-only restores it \
        into a throwaway cluster and checks its schema; restore it into a server with pg_restore (DEPLOY.md). \
        DIR must be empty unless --force, which replaces DIR's database and media \
        (its backups and logs stay). With media in a bucket (SOGRETO_S3_*), the restore (and --verify-only) \
        first checks that every blob the backup refers to is in the bucket, and refuses the restore when \
        any is missing unless --allow-missing-media.
        """)

    @Argument(help: "The backup folder or its name.")
    var backup: String

    @Option(help: "The data directory to restore into.")
    var to: String?

    @Flag(help: "Replace the database and media of a non-empty DIR.")
    var force = false

    @Flag(help: "Only verify the backup; restore nothing.")
    var verifyOnly = false

    @Flag(help: "With media in a bucket: restore even when the bucket lacks blobs the backup refers to (those photos are lost).")
    var allowMissingMedia = false

    func validate() throws {
        if to == nil && !verifyOnly { throw ValidationError("Say where to restore with --to DIR (or pass --verify-only).") }
    }

    func run() async throws {
        let folder = try locate()
        do {
            if verifyOnly {
                let manifest = try BackupVerifier.verify(folder)
                let database = manifest.holdsPostgresDump
                    ? try await PostgresBackup.verifyByRestoring(folder, manifest: manifest) : "integrity ok"
                let media = try await checkBucket(folder, manifest: manifest)
                print("Backup \(folder.lastPathComponent) is sound: \(manifest.files.count) files, \(manifest.totalBytes) bytes, "
                      + "\(database)\(media.map { "; \($0)" } ?? "").")
                return
            }
            let target = URL(fileURLWithPath: to ?? "").standardizedFileURL
            // The bucket is checked before anything is written: a database whose photos are gone is no restore.
            let media = try await checkBucket(folder, manifest: nil, orWarn: allowMissingMedia)
            let result = try BackupRestorer.restore(folder, to: target, force: force)
            print("Restored \(folder.lastPathComponent) into \(target.path): \(result.files) files verified and copied; "
                  + "schema \(result.manifest.migrations.last ?? "unknown")\(media.map { "; \($0)" } ?? "")"
                  + (result.erasedAgain > 0 ? "; \(result.erasedAgain) users erased since the backup were erased again." : "."))
            if result.erasuresUnreadable {
                FileHandle.standardError.write(Data(("warning: the replaced database was unreadable, so erasures recorded after "
                    + "the backup could not be applied again; repeat them (sogreto admin user ID forget).\n").utf8))
            }
        } catch let error as BackupError {
            throw exitFailure(error.description)
        }
    }

    /// With media in a bucket: "its N media blobs are in S3 bucket …", or a failure naming what is
    /// missing (with `orWarn`, a warning on stderr instead, and the restore goes on).
    private func checkBucket(_ folder: URL, manifest verified: BackupManifest?, orWarn: Bool = false) async throws -> String? {
        let configuration = try loadConfiguration()
        guard let settings = configuration.objectStorage else { return nil }
        let manifest = try verified ?? BackupVerifier.verify(folder)
        do {
            try await MediaStorage.checkReachable(configuration)
        } catch {
            throw exitFailure(error.description)
        }
        let report: MediaVerification.Report
        do {
            report = try await BackupMediaCheck.check(folder, manifest: manifest, against: MediaStorage.blobStore(for: configuration),
                                                      scratch: FileManager.default.temporaryDirectory)
        } catch let error as BlobStoreError {
            throw exitFailure("The bucket could not be checked for the backup's media: \(error.message)")
        }
        let bucket = "S3 bucket \"\(settings.bucket)\""
        guard report.isSound else {
            let first = report.missing.first ?? report.damaged.first?.key.hex ?? ""
            let sentence = "Backup \(folder.lastPathComponent) refers to \(report.referenced) media blobs, and "
                + "\(report.missing.count) are missing from \(bucket) and \(report.damaged.count) differ in size "
                + "(first: \(first)); restoring it would lose those photos"
            guard orWarn else {
                let escape = verifyOnly ? "" : " (--allow-missing-media restores it anyway)"
                throw exitFailure(sentence + escape + ".")
            }
            FileHandle.standardError.write(Data("\(sentence); restored anyway (--allow-missing-media).\n".utf8))
            return "\(report.missing.count + report.damaged.count) of its \(report.referenced) media blobs are not in \(bucket)"
        }
        return "its \(report.referenced) media blobs are all in \(bucket)"
    }

    private func locate() throws -> URL {
        let direct = URL(fileURLWithPath: backup).standardizedFileURL
        if FileManager.default.fileExists(atPath: direct.path) || backup.contains("/") { return direct }
        let configuration = try loadConfiguration()
        return configuration.backupsDirectory.appendingPathComponent(backup)
    }
}

/// Prints one sentence on stderr and exits non-zero.
func exitFailure(_ sentence: String) -> ExitCode {
    FileHandle.standardError.write(Data("\(sentence)\n".utf8))
    return ExitCode.failure
}
