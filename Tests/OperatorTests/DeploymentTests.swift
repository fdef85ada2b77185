import Foundation
import Media
import Testing
@testable import Bot
import TestSupport

/// deploy/: the systemd unit's command line runs with the built binary, the unit verifies, and
/// the Dockerfile, environment examples and nginx block agree with each other.
@Suite struct DeploymentTests {
    static let deploy = repositoryRoot.appendingPathComponent("deploy")

    static func unit() throws -> SystemdUnit {
        SystemdUnit(try String(contentsOf: deploy.appendingPathComponent("systemd/sogreto@.service"), encoding: .utf8))
    }

    static func exampleEnvironment(_ instance: String) throws -> [String: String] {
        DotEnv.parse(try String(contentsOf: deploy.appendingPathComponent("env/\(instance).env.example"), encoding: .utf8))
    }

    @Test(arguments: [("prod", "webhook on 127.0.0.1:8080/telegram/prod"), ("dev", "long polling")])
    func theUnitsCommandLineRunsWithTheBuiltBinary(instance: String, mode: String) async throws {
        // Given the unit's environment and the example environment file for the instance
        let unit = try Self.unit()
        let data = temporaryDirectory("unit-\(instance)")
        defer { try? FileManager.default.removeItem(at: data) }
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        var environment = unit.environment(instance: instance, file: try Self.exampleEnvironment(instance))
        #expect(environment["SOGRETO_DATA_DIR"] == "/var/lib/sogreto/\(instance)")
        #expect(environment["SOGRETO_ENV"] == instance)
        environment["SOGRETO_DATA_DIR"] = data.path
        environment["SOGRETO_ASSETS_DIR"] = repositoryRoot.appendingPathComponent("assets").path
        // When its ExecStart runs with the built binary, as a dry run
        let argv = unit.execStart(instance: instance, environment: environment)
        #expect(argv.first == "/opt/sogreto/bin/sogreto")
        let result = try await runCommand(sogretoBinary, Array(argv.dropFirst()) + ["--dry-run"], environment: environment, in: data)
        // Then the configuration validates and it would run in the expected mode
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("sogreto \(instance): ready to run (\(mode))"))
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("sogreto.sqlite").path))
        let help = try await runCommand(sogretoBinary, Array(argv.dropFirst()) + ["--help"], environment: environment)
        #expect(help.status == 0 && help.standardOutput.contains("--webhook"))
    }

    @Test func sogretoCtlRunsACommandAsTheUnitWould() async throws {
        // Given an installed layout in a temporary root: /etc/sogreto, /var/lib/sogreto, /opt/sogreto
        let root = temporaryDirectory("ctl")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = FileManager.default
        let example = try String(contentsOf: Self.deploy.appendingPathComponent("env/prod.env.example"), encoding: .utf8)
        let environment = try Self.installedLayout(in: root, instance: "prod", envFile: example)
        let ctl = Self.deploy.appendingPathComponent("sogreto-ctl")
        // When the operator checks and backs up the production bot with it
        let dryRun = try await runCommand(ctl, ["prod", "run", "--webhook", "--dry-run"], environment: environment)
        let backup = try await runCommand(ctl, ["prod", "backup"], environment: environment)
        // Then the bot read the instance's file and the unit's paths
        #expect(dryRun.status == 0, "\(dryRun.standardError)")
        #expect(dryRun.standardOutput.contains("sogreto prod: ready to run (webhook on 127.0.0.1:8080/telegram/prod)"))
        #expect(dryRun.standardOutput.contains("data directory: \(root.appendingPathComponent("state/prod").path)"))
        #expect(backup.status == 0, "\(backup.standardError)")
        #expect(try files.contentsOfDirectory(atPath: root.appendingPathComponent("state/prod/backups").path).count == 1)
        // And an unknown instance is refused
        #expect(try await runCommand(ctl, ["staging", "backup"], environment: environment).status == 2)
        #expect(try await runCommand(ctl, ["prod-../x", "backup"], environment: environment).status == 2)
    }

    @Test func sogretoCtlRunsACommandForOneOfSeveralInstancesAsItsUnitWould() async throws {
        // Given prod-a, one of several production instances (DEPLOY.md: its own file, port and folder)
        let root = temporaryDirectory("ctl-instance")
        defer { try? FileManager.default.removeItem(at: root) }
        let example = try String(contentsOf: Self.deploy.appendingPathComponent("env/prod.env.example"), encoding: .utf8)
        let environment = try Self.installedLayout(in: root, instance: "prod-a",
                                                   envFile: example + "SOGRETO_ENV=prod\nSOGRETO_INSTANCE=prod-a\nSOGRETO_HTTP_PORT=8082\n")
        // When the operator checks it with sogreto-ctl
        let dryRun = try await runCommand(Self.deploy.appendingPathComponent("sogreto-ctl"), ["prod-a", "run", "--webhook", "--dry-run"],
                                          environment: environment)
        // Then it runs as the prod environment, in prod-a's folder, on prod-a's port
        #expect(dryRun.status == 0, "\(dryRun.standardError)")
        #expect(dryRun.standardOutput.contains("sogreto prod: ready to run (webhook on 127.0.0.1:8082/telegram/prod)"))
        #expect(dryRun.standardOutput.contains("data directory: \(root.appendingPathComponent("state/prod-a").path)"))
    }

    /// An installed layout under `root` (etc, state, prefix as /etc/sogreto, /var/lib/sogreto and
    /// /opt/sogreto) with one instance's env file, and the environment that points sogreto-ctl at it.
    static func installedLayout(in root: URL, instance: String, envFile: String) throws -> [String: String] {
        let files = FileManager.default
        for folder in ["etc", "state/\(instance)", "prefix/bin", "prefix/share/sogreto"] {
            try files.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try envFile.write(to: root.appendingPathComponent("etc/\(instance).env"), atomically: true, encoding: .utf8)
        try files.createSymbolicLink(at: root.appendingPathComponent("prefix/bin/sogreto"), withDestinationURL: sogretoBinary)
        try files.createSymbolicLink(at: root.appendingPathComponent("prefix/share/sogreto/assets"),
                                     withDestinationURL: repositoryRoot.appendingPathComponent("assets"))
        return [
            "SOGRETO_CTL_ETC": root.appendingPathComponent("etc").path,
            "SOGRETO_CTL_STATE": root.appendingPathComponent("state").path,
            "SOGRETO_CTL_PREFIX": root.appendingPathComponent("prefix").path,
            "SOGRETO_CTL_USER": NSUserName(), "PATH": "/usr/bin:/bin",
        ]
    }

    @Test func theUnitIsHardened() throws {
        let unit = try Self.unit()
        #expect(unit.value("User") == "sogreto")
        #expect(unit.value("ProtectSystem") == "strict")
        #expect(unit.value("NoNewPrivileges") == "yes")
        #expect(unit.value("ReadWritePaths") == "/var/lib/sogreto/%i")
        #expect(unit.value("Restart") == "on-failure")
        #expect(unit.value("EnvironmentFile") == "/etc/sogreto/%i.env")
        #expect(unit.value("CapabilityBoundingSet") == "")
        #expect(unit.value("KillSignal") == "SIGTERM")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")))
    func systemdAnalyzeVerifiesTheUnit() async throws {
        let folder = temporaryDirectory("systemd")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The binary path is the only thing that differs from an installed machine.
        let text = try String(contentsOf: Self.deploy.appendingPathComponent("systemd/sogreto@.service"), encoding: .utf8)
            .replacingOccurrences(of: "/opt/sogreto/bin/sogreto", with: sogretoBinary.path)
        try text.write(to: folder.appendingPathComponent("sogreto@.service"), atomically: true, encoding: .utf8)
        let result = try await runCommand(URL(fileURLWithPath: "/usr/bin/systemd-analyze"),
                                    ["verify", folder.appendingPathComponent("sogreto@prod.service").path],
                                    environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("sogreto@"), "\(result.standardError)")
    }

    @Test func theRuntimeImageInstallsOnlyRealDebianRuntimePackagesAndRunsUnprivileged() async throws {
        let dockerfile = try String(contentsOf: Self.deploy.appendingPathComponent("Dockerfile"), encoding: .utf8)
        let stages = dockerfile.components(separatedBy: "\nFROM ")
        #expect(stages.count == 3, "a builder stage and a runtime stage")
        let runtime = try #require(stages.last)
        #expect(runtime.hasPrefix("debian:bookworm-slim"))
        #expect(runtime.contains("USER sogreto"))
        #expect(runtime.contains("VOLUME [\"/var/lib/sogreto\"]"))
        #expect(!runtime.contains("-dev"), "no headers in the runtime image")
        // Every runtime package is a Debian 12 package name (installed here as the -dev packages' dependencies)
        let packages = ["libvips42", "libjpeg62-turbo", "libfreetype6", "libhpdf-2.3.0", "libsqlite3-0", "libcurl4",
                        "fonts-dejavu-core", "ca-certificates", "tzdata"]
        for package in packages {
            #expect(runtime.contains(package))
            let query = try await runCommand(URL(fileURLWithPath: "/usr/bin/dpkg-query"), ["-W", package], environment: [:])
            #expect(query.status == 0, "\(package) is a Debian package on this machine")
        }
    }

    @Test func nginxForwardsEachWebhookPathToItsBotsPort() throws {
        let nginx = try String(contentsOf: Self.deploy.appendingPathComponent("nginx/sogreto.conf"), encoding: .utf8)
        let prod = try Self.exampleEnvironment("prod")
        let url = try #require(URL(string: prod["SOGRETO_WEBHOOK_URL"] ?? ""))
        let block = try #require(nginx.components(separatedBy: "location = \(url.path) {").dropFirst().first)
        let forwarded = try #require(block.components(separatedBy: "\n    }").first)
        #expect(forwarded.contains("proxy_pass http://127.0.0.1:\(prod["SOGRETO_HTTP_PORT"] ?? "?");"))
        #expect(nginx.contains("location = /telegram/dev {"))
        #expect(nginx.contains("proxy_pass http://127.0.0.1:\(try Self.exampleEnvironment("dev")["SOGRETO_HTTP_PORT"] ?? "?");"))
    }
}

/// `sogreto backup` and `sogreto restore` as an operator runs them.
@Suite struct BackupCommandLineTests {
    @Test func aDamagedBackupIsRefusedWithOneSentenceAndANonZeroExit() async throws {
        let root = temporaryDirectory("cli")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        let environment = ["SOGRETO_DATA_DIR": data.path, "PATH": "/usr/bin:/bin"]
        // A photo blob as the bot stores it (backups hold the store's blobs, not other files)
        let blob = "media/" + (try await FolderBlobStore(dataDirectory: data).put(Data("a blob".utf8), format: .jpeg).name.path)
        // Given a database and a backup made by the command
        #expect(try await runCommand(sogretoBinary, ["migrate"], environment: environment, in: root).status == 0)
        let backup = try await runCommand(sogretoBinary, ["backup"], environment: environment, in: root)
        #expect(backup.status == 0, "\(backup.standardError)")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("backups").path).first)
        #expect(try await runCommand(sogretoBinary, ["restore", name, "--verify-only"], environment: environment, in: root).status == 0)
        // When one blob of a copy is damaged
        let copy = root.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: data.appendingPathComponent("backups/\(name)"), to: copy)
        try flipByte(in: copy.appendingPathComponent(blob), at: 0)
        // Then restoring it fails with one sentence and writes nothing
        let refused = try await runCommand(sogretoBinary, ["restore", copy.path, "--to", root.appendingPathComponent("new").path],
                                     environment: environment, in: root)
        #expect(refused.status != 0)
        #expect(refused.standardError == "The backup copy is damaged: \(blob) does not match its checksum; nothing was restored.\n")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("new").path))
        // And the good one restores; a second restore into the same folder needs --force
        let target = root.appendingPathComponent("new").path
        #expect(try await runCommand(sogretoBinary, ["restore", name, "--to", target], environment: environment, in: root).status == 0)
        let again = try await runCommand(sogretoBinary, ["restore", name, "--to", target], environment: environment, in: root)
        #expect(again.status != 0 && again.standardError.contains("--force"))
        #expect(try await runCommand(sogretoBinary, ["restore", name, "--to", target, "--force"], environment: environment, in: root).status == 0)
    }
}
