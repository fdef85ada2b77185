import Admin
import ArgumentParser
import Bot
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import Web

/// `sogreto admin …`: the admin API's views and changes on the command line, through the same
/// actions (and audit log, actor "cli").
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Media storage, quotas, orphans and the program funnel (same figures as the admin API).",
        subcommands: [Storage.self, Quota.self, Orphans.self, Funnel.self, Experiments.self, User.self, Serve.self])

    static let actor = "cli"

    static func actions() async throws -> AdminActions {
        let configuration = try loadConfiguration()
        // Shared: admin tools work beside the bot, never beside a restore.
        let database = try await openCommandStore(configuration)
        return try AdminActions(configuration: configuration, database: database, clock: SystemClock())
    }

    struct Storage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stored media: totals, by format, the budget, top users.")
        @Option(help: "How many of the heaviest users to list.") var top = 10

        func run() async throws {
            print(AdminReports.storage(try await AdminCommand.actions().storage(top: top)))
        }
    }

    struct Quota: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show or change one user's media caps.")
        @Argument(help: "The Telegram user id.") var user: Int64
        @Option(help: "Maximum photos in the diary (\"default\" restores 10).") var photos: String?
        @Option(help: "Maximum megabytes of media (\"none\" removes the cap).") var mb: String?

        func validate() throws {
            if let photos, photos != "default", Int(photos).map(MediaQuota.Change.photoLimit.contains) != true {
                throw ValidationError("--photos must be a whole number from 0 to \(MediaQuota.Change.photoLimit.upperBound), or \"default\".")
            }
            if let mb, mb != "none", Int(mb).map({ (0...1_048_576).contains($0) }) != true {
                throw ValidationError("--mb must be a whole number of megabytes from 0 to 1048576, or \"none\".")
            }
        }

        func run() async throws {
            let actions = try await AdminCommand.actions()
            var change = MediaQuota.Change()
            if let photos { change.maxPhotos = .some(Int(photos)) }
            if let mb { change.maxBytes = .some(Int64(mb).map { $0 * 1024 * 1024 }) }
            // AdminError prints its sentence and exits 1, without the usage text.
            if !change.isEmpty { _ = try await actions.setQuota(userID: user, change: change, actor: AdminCommand.actor) }
            print(AdminReports.user(try await actions.userMedia(user)))
        }
    }

    struct Orphans: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Blobs with no row, rows with no blob, renders whose source is gone; --delete removes them.")
        @Flag(help: "Delete what was found (rows first, then files), with an audit row.") var delete = false
        @Option(help: "Ignore blobs younger than this many seconds (an upload writes its blob before its row).")
        var minAge: Int = 600

        func run() async throws {
            var actions = try await AdminCommand.actions()
            actions.orphanMinimumAge = TimeInterval(max(0, minAge))
            print(AdminReports.orphans(try await actions.orphans()))
            guard delete else { return }
            let result = try await actions.cleanUpOrphans(actor: AdminCommand.actor)
            print("Deleted \(result.deletedBlobs) blob(s) (\(AdminReports.megabytes(result.freedBytes))), "
                  + "\(result.deletedPhotoRows) photo row(s), \(result.deletedRenderRows) render row(s).")
        }
    }

    struct Funnel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Activation, day 7, completion, stops and NPS per kit and weekly cohort.")

        func run() async throws {
            print(AdminReports.funnel(try await AdminCommand.actions().funnel()))
        }
    }

    struct User: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export a user's data to them in Telegram, or erase everything about them (audited with who and why).")
        enum Action: String, ExpressibleByArgument, CaseIterable { case export, forget }
        @Argument(help: "The Telegram user id.") var user: Int64
        @Argument(help: "export or forget.") var action: Action
        @Option(help: "Who asks (kept in the audit log).") var by: String?
        @Option(help: "Why, e.g. \"request by e-mail of 2026-12-06\" (kept in the audit log).") var reason: String?

        func run() async throws {
            let actions = try await AdminCommand.actions()
            let actor = by.map { "\(AdminCommand.actor):\($0.prefix(64))" } ?? AdminCommand.actor
            switch action {
            case .export:
                _ = try await actions.requestExport(userID: user, actor: actor, reason: reason)
                print("Export of user \(user) queued: the bot sends the archive to them in Telegram.")
            case .forget:
                let result = try await actions.forgetUser(userID: user, actor: actor, reason: reason)
                print("User \(user) erased (tombstone \(result.userHash.prefix(16))): \(result.photos) photo(s), "
                      + "\(result.renders) picture(s), \(result.events) event(s), \(result.supportMessages) support message(s), "
                      + "\(result.releasedBlobs.count) blob(s) released.")
            }
        }
    }

    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve only the admin API and page (no bot), e.g. beside a bot running elsewhere on the same data.")

        func run() async throws {
            let configuration = try loadConfiguration()
            try bootstrapLogging(configuration)
            let logger = Logger(label: "sogreto")
            guard let token = configuration.adminToken else {
                throw ValidationError("SOGRETO_ADMIN_TOKEN is not set: the admin API needs a token of at least 16 characters.")
            }
            let database = try await openCommandStore(configuration)
            let actions = try AdminActions(configuration: configuration, database: database, clock: SystemClock())
            let server = HTTPServer.services(
                host: configuration.httpHost, port: configuration.httpPort, logger: logger,
                installers: [AdminRoutes.installer(actions: actions, token: token, metrics: PrometheusExport())])
            logger.info("admin HTTP API on", metadata: ["address": "\(configuration.httpHost):\(configuration.httpPort)"])
            try await ServiceGroup(configuration: .init(services: ServiceName.configurations(server),
                                                        gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
        }
    }
}
