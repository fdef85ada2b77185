import Bot
import Foundation
import Media

/// What `sogreto run --dry-run` prints: enough for an operator (and the systemd unit test) to see
/// that the configuration, content and database are usable, without contacting Telegram.
enum DryRunReport {
    /// `schema`: the last migration applied; `postgres`: the server (password left out) when the store is there.
    static func describe(configuration: Configuration, webhook: WebhookEndpoint?, runtime: BotRuntime,
                         schema migrations: String?, postgres: String?) -> String {
        let mode = webhook.map { "webhook on \($0.host):\($0.port)\($0.path)" } ?? "long polling"
        let backups = configuration.backups.minuteOfDay.map { String(format: "daily at %02d:%02d", $0 / 60, $0 % 60) } ?? "off"
        let store = postgres.map { "store: PostgreSQL \($0) (schema \(migrations ?? "none"))\n" } ?? ""
        return """
        sogreto \(configuration.environment.rawValue): ready to run (\(mode)).
        \(store)data directory: \(configuration.dataDirectory.path)\(postgres == nil ? " (schema \(migrations ?? "none"))" : "")
        assets: \(configuration.assetsDirectory.path)
        media: \(configuration.objectStorage.map { "S3 \($0)" } ?? "local folder \(configuration.dataDirectory.appendingPathComponent(FolderBlobStore.dataDirectoryFolder).path)")
        backups: \(backups), keeping \(configuration.backups.keepDaily) daily and \(configuration.backups.keepWeekly) weekly
        admins for alerts: \(configuration.adminIDs.count)
        """
    }
}
