import Foundation
import Logging
import S3

/// Everything the bot reads from its environment, typed and validated once at start-up.
public struct Configuration: Sendable {
    public enum Environment: String, Sendable { case dev, prod }

    public struct Vision: Sendable {
        public var url: URL
        public var key: Secret?
        public var model: String
        /// Photos a user may have assessed per UTC day.
        public var perUserDaily = 3
        /// Calls per UTC day for everyone together.
        public var dailyBudget = 200
    }

    public var token: Secret?
    public var apiURL: URL
    public var environment: Environment
    public var dataDirectory: URL
    public var assetsDirectory: URL
    /// The folders tried for the assets when `SOGRETO_ASSETS_DIR` is not set (empty when it is).
    var assetsSearched: [URL] = []
    public var adminIDs: Set<Int64>
    public var adminToken: Secret?
    public var httpPort: Int
    /// Where the HTTP server (webhook, admin API) listens: loopback behind nginx by default.
    public var httpHost = "127.0.0.1"
    /// The global media budget (`SOGRETO_MEDIA_BUDGET_MB`); nil: no budget.
    public var mediaBudget: MediaBudget?
    /// The bucket media go to (`SOGRETO_S3_*`); nil: the data directory's media folder.
    public var objectStorage: S3Settings?
    /// `SOGRETO_DATABASE_URL` as given (it may carry a password): the store is PostgreSQL there;
    /// nil: SQLite in the data directory. `sogreto` parses and opens it (module PostgresStore).
    public var databaseServerURL: Secret?
    /// `SOGRETO_S3_READ_CACHE_MB`: megabytes of recently read blobs kept locally in S3 mode (0: none).
    var mediaReadCacheMB = 0
    public var webhookURL: URL?
    public var webhookSecret: Secret?
    public var vision: Vision?
    public var logLevel: Logger.Level
    public var logDirectory: URL?
    public var logMaxBytes: Int
    public var logMaxFiles: Int
    var supportContact: String?
    /// `SOGRETO_SHOP_URL`: the shop, linked for kits whose program data gives no page of their own.
    var shopURL: URL?
    /// `SOGRETO_LEADERBOARD=on`: the opt-in, anonymous "days practised this week" board (off by default).
    var leaderboard = false
    /// How late a reminder may still go out as planned after downtime; older ones coalesce.
    var misfireGrace: TimeInterval = 6 * 3600
    /// The audio catalog: `manifest.json` and the recordings it lists (`AssetsLocation.audio`).
    public var audioDirectory: URL = URL(fileURLWithPath: "audio")
    /// Daily backups inside `sogreto run` and their retention.
    public var backups = BackupSettings()
    /// When the admins are told that something is wrong.
    var alerts = AlertThresholds()
    /// SOGRETO_RETENTION_INACTIVE_DAYS: media of users inactive this long are erased, after a
    /// warning two weeks before (what /privacy then says); nil: kept.
    var retentionInactiveDays: Int?
    /// Gift invites: uses, days, the shop link and the bot's username (SOGRETO_GIFT_*, SOGRETO_SHOP_URL, SOGRETO_BOT_USERNAME).
    var gifting = GiftSettings()

    /// What /privacy says about where data lives and how long it stays.
    var privacyFacts: PrivacyFacts {
        PrivacyFacts(objectStorage: objectStorage != nil,
                     backupDays: max(backups.keepDaily, backups.keepWeekly * 7), inactiveDays: retentionInactiveDays)
    }

    public var backupsDirectory: URL { dataDirectory.appendingPathComponent("backups") }

    /// Throws a sentence naming the folders tried when the assets directory holds no bot texts.
    func checkAssets() throws(ConfigurationError) {
        guard !AssetsLocation.holdsAssets(assetsDirectory) else { return }
        if assetsSearched.isEmpty {
            throw ConfigurationError(variable: "SOGRETO_ASSETS_DIR",
                                     message: "is \(assetsDirectory.path), which holds no locales/bot.ru.json: point it at the assets folder")
        }
        throw ConfigurationError(variable: "SOGRETO_ASSETS_DIR", message: "is not set and no assets folder was found in "
                                 + assetsSearched.map(\.path).joined(separator: ", ") + ": set it to the assets folder")
    }
    public var databaseURL: URL { dataDirectory.appendingPathComponent("sogreto.sqlite") }

    /// Reads the variables of DESIGN.md's configuration contract. `SOGRETO_ENV` (dev, prod) also
    /// picks the default data directory, `storage/<env>`, so a test bot and the production bot can
    /// run side by side from one checkout.
    public static func load(from values: [String: String],
                            workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        throws -> Configuration {
        let reader = VariableReader(values: values)
        let environment = try reader.oneOf("SOGRETO_ENV", default: Environment.dev)
        let token = try reader.secret("TELEGRAM_BOT_TOKEN", pattern: #"^[0-9]+:[A-Za-z0-9_-]{10,}$"#,
                                      expectation: "must look like 123456789:AA… (the token BotFather gave you)")
        let apiURL = try reader.url("TELEGRAM_API_URL") ?? URL(string: "https://api.telegram.org")!
        let dataDirectory = reader.path("SOGRETO_DATA_DIR", relativeTo: workingDirectory)
            ?? workingDirectory.appendingPathComponent("storage").appendingPathComponent(environment.rawValue)
        let explicitAssets = reader.path("SOGRETO_ASSETS_DIR", relativeTo: workingDirectory)
        let searched = explicitAssets == nil
            ? AssetsLocation.candidates(executable: AssetsLocation.runningExecutable, workingDirectory: workingDirectory) : []
        let assets = explicitAssets ?? AssetsLocation.first(of: searched)
            ?? workingDirectory.appendingPathComponent("assets")
        let adminIDs = try reader.integerSet("SOGRETO_ADMIN_IDS")
        let adminToken = try reader.secret("SOGRETO_ADMIN_TOKEN", pattern: #"^.{16,}$"#,
                                           expectation: "must be at least 16 characters long")
        let httpPort = try reader.integer("SOGRETO_HTTP_PORT", default: 8080, range: 1...65535)
        let webhookURL = try reader.url("SOGRETO_WEBHOOK_URL")
        // Telegram allows 1–256 characters of this set; fewer than 16 would be guessable.
        let webhookSecret = try reader.secret("SOGRETO_WEBHOOK_SECRET", pattern: #"^[A-Za-z0-9_-]{16,256}$"#,
                                              expectation: "must be 16 to 256 characters, each a letter A-Z or a-z, a digit, _ or - (Telegram's set for secret tokens); generate one with: openssl rand -hex 32")
        if webhookURL != nil, webhookSecret == nil {
            throw ConfigurationError(variable: "SOGRETO_WEBHOOK_SECRET",
                                     message: "must be set when SOGRETO_WEBHOOK_URL is set")
        }
        var vision: Vision?
        if let visionURL = try reader.url("SOGRETO_VISION_API_URL") {
            vision = Vision(url: visionURL, key: try reader.secret("SOGRETO_VISION_API_KEY"),
                            model: reader.string("SOGRETO_VISION_MODEL") ?? "gpt-4o-mini")
            vision?.perUserDaily = try reader.integer("SOGRETO_VISION_DAILY_PER_USER", default: 3, range: 0...1000)
            vision?.dailyBudget = try reader.integer("SOGRETO_VISION_DAILY_BUDGET", default: 200, range: 0...1_000_000)
        }
        let logLevel = try reader.oneOf("SOGRETO_LOG_LEVEL", default: Logger.Level.info)
        let logDirectory = reader.path("SOGRETO_LOG_DIR", relativeTo: workingDirectory)
        let logMaxBytes = try reader.integer("SOGRETO_LOG_MAX_BYTES", default: 10 * 1024 * 1024,
                                             range: 1024...(1 << 40))
        let logMaxFiles = try reader.integer("SOGRETO_LOG_MAX_FILES", default: 5, range: 1...1000)
        let graceHours = try reader.integer("SOGRETO_MISFIRE_GRACE_HOURS", default: 6, range: 0...168)
        var configuration = Configuration(
            token: token, apiURL: apiURL, environment: environment, dataDirectory: dataDirectory,
            assetsDirectory: assets, adminIDs: adminIDs, adminToken: adminToken, httpPort: httpPort,
            webhookURL: webhookURL, webhookSecret: webhookSecret, vision: vision, logLevel: logLevel,
            logDirectory: logDirectory, logMaxBytes: logMaxBytes, logMaxFiles: logMaxFiles,
            supportContact: reader.string("SOGRETO_SUPPORT_CONTACT"))
        configuration.misfireGrace = TimeInterval(graceHours) * 3600
        configuration.assetsSearched = searched
        configuration.audioDirectory = AssetsLocation.audio(environment: values, assets: assets, workingDirectory: workingDirectory)
        configuration.httpHost = reader.string("SOGRETO_HTTP_HOST") ?? configuration.httpHost
        configuration.shopURL = try reader.url("SOGRETO_SHOP_URL")
        configuration.leaderboard = try reader.oneOf("SOGRETO_LEADERBOARD", default: LeaderboardSwitch.off) == .on
        if reader.string("SOGRETO_MEDIA_BUDGET_MB") != nil {
            configuration.mediaBudget = MediaBudget(megabytes: try reader.integer("SOGRETO_MEDIA_BUDGET_MB", default: 0,
                                                                                  range: 1...100_000_000))
        }
        configuration.objectStorage = try S3Settings(reader)
        configuration.databaseServerURL = try reader.secret("SOGRETO_DATABASE_URL")
        configuration.mediaReadCacheMB = try reader.integer("SOGRETO_S3_READ_CACHE_MB", default: 0, range: 0...1_000_000)
        configuration.backups = try BackupSettings(reader)
        configuration.alerts = try AlertThresholds(reader)
        if reader.string("SOGRETO_RETENTION_INACTIVE_DAYS") != nil {
            // At least 15: the warning comes two weeks before the erasure.
            configuration.retentionInactiveDays = try reader.integer("SOGRETO_RETENTION_INACTIVE_DAYS", default: 0,
                                                                     range: MediaRetention.minimumDays...36_500)
        }
        configuration.gifting = try GiftSettings(reader)
        return configuration
    }

    /// The process environment over `.env` and, when present, `.env.<SOGRETO_ENV>`.
    public static func loadFromProcess() throws -> Configuration {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let process = ProcessInfo.processInfo.environment
        let base = DotEnv.merged(environment: process, files: [cwd.appendingPathComponent(".env")])
        let env = base["SOGRETO_ENV"] ?? "dev"
        let files = [cwd.appendingPathComponent(".env"), cwd.appendingPathComponent(".env.\(env)")]
        return try load(from: DotEnv.merged(environment: process, files: files), workingDirectory: cwd)
    }
}

/// Reads one variable at a time with a precise error; empty values count as unset.
struct VariableReader {
    let values: [String: String]

    func string(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func secret(_ name: String, pattern: String? = nil, expectation: String = "") throws -> Secret? {
        guard let value = string(name) else { return nil }
        if let pattern, value.range(of: pattern, options: .regularExpression) == nil {
            throw ConfigurationError(variable: name, message: expectation)
        }
        return Secret(value)
    }

    func url(_ name: String) throws -> URL? {
        guard let value = string(name) else { return nil }
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else {
            throw ConfigurationError(variable: name, message: "must be an http(s) URL such as https://example.org, got \"\(value)\"")
        }
        return url
    }

    func path(_ name: String, relativeTo base: URL) -> URL? {
        guard let value = string(name) else { return nil }
        if value.hasPrefix("/") { return URL(fileURLWithPath: value).standardizedFileURL }
        return base.appendingPathComponent(value).standardizedFileURL
    }

    func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let value = string(name) else { return fallback }
        guard let number = Int(value), range.contains(number) else {
            throw ConfigurationError(variable: name,
                                     message: "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(value)\"")
        }
        return number
    }

    func integerSet(_ name: String) throws -> Set<Int64> {
        guard let value = string(name) else { return [] }
        var result: Set<Int64> = []
        for part in value.split(whereSeparator: { $0 == "," || $0 == " " }) where !part.isEmpty {
            guard let id = Int64(part) else {
                throw ConfigurationError(variable: name,
                                         message: "must be Telegram user ids separated by commas, got \"\(part)\"")
            }
            result.insert(id)
        }
        return result
    }

    /// A wall-clock time `HH:MM` as minutes after midnight; `off` gives nil.
    func timeOfDay(_ name: String, default fallback: Int?) throws -> Int? {
        guard let value = string(name) else { return fallback }
        if value.lowercased() == "off" { return nil }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0..<24).contains(hour), (0..<60).contains(minute), parts[1].count == 2 else {
            throw ConfigurationError(variable: name, message: "must be a time like 03:30 (24-hour clock) or off, got \"\(value)\"")
        }
        return hour * 60 + minute
    }

    func oneOf<T: RawRepresentable & CaseIterableByName>(_ name: String, default fallback: T) throws -> T where T.RawValue == String {
        guard let value = string(name)?.lowercased() else { return fallback }
        guard let parsed = T(rawValue: value) else {
            throw ConfigurationError(variable: name,
                                     message: "must be one of \(T.names.joined(separator: ", ")), got \"\(value)\"")
        }
        return parsed
    }
}

/// Settings whose values are a fixed list of names.
protocol CaseIterableByName {
    static var names: [String] { get }
}

extension Configuration.Environment: CaseIterableByName {
    static var names: [String] { ["dev", "prod"] }
}

extension Logger.Level: CaseIterableByName {
    static var names: [String] { Logger.Level.allCases.map(\.rawValue) }
}
