import TestSupport
import Foundation
import Logging
import Testing
@testable import Bot

@Suite struct ConfigurationTests {
    let cwd = URL(fileURLWithPath: "/srv/sogreto")

    @Test func defaultsNeedNothingButGiveADevDataDirectory() throws {
        let configuration = try Configuration.load(from: [:], workingDirectory: cwd)
        #expect(configuration.token == nil)
        #expect(configuration.environment == .dev)
        #expect(configuration.dataDirectory.path == "/srv/sogreto/storage/dev")
        #expect(configuration.apiURL.absoluteString == "https://api.telegram.org")
        #expect(configuration.httpPort == 8080)
        #expect(configuration.logLevel == .info)
    }

    @Test func productionUsesItsOwnDataDirectorySoBothBotsRunSideBySide() throws {
        let dev = try Configuration.load(from: ["SOGRETO_ENV": "dev"], workingDirectory: cwd)
        let prod = try Configuration.load(from: ["SOGRETO_ENV": "prod"], workingDirectory: cwd)
        #expect(dev.dataDirectory != prod.dataDirectory)
        #expect(prod.databaseURL.path == "/srv/sogreto/storage/prod/sogreto.sqlite")
    }

    @Test func anExplicitDataDirectoryWins() throws {
        let configuration = try Configuration.load(from: ["SOGRETO_DATA_DIR": "/var/lib/sogreto"], workingDirectory: cwd)
        #expect(configuration.databaseURL.path == "/var/lib/sogreto/sogreto.sqlite")
    }

    @Test(arguments: [
        ("SOGRETO_ENV", "staging"),
        ("SOGRETO_HTTP_PORT", "eighty"),
        ("SOGRETO_HTTP_PORT", "70000"),
        ("SOGRETO_ADMIN_IDS", "12,abc"),
        ("TELEGRAM_API_URL", "not a url"),
        ("SOGRETO_LOG_LEVEL", "loud"),
        ("TELEGRAM_BOT_TOKEN", "oops"),
    ])
    func aBadValueStopsStartUpNamingTheVariable(name: String, value: String) {
        #expect {
            try Configuration.load(from: [name: value], workingDirectory: cwd)
        } throws: { error in
            (error as? ConfigurationError)?.variable == name
        }
    }

    @Test func theTokenNeverAppearsInErrorsOrPrintedConfiguration() throws {
        let token = "123456789:AAHsecretsecretsecret"
        let configuration = try Configuration.load(from: ["TELEGRAM_BOT_TOKEN": token], workingDirectory: cwd)
        #expect(configuration.token?.value == token)
        #expect(!"\(configuration)".contains("secretsecret"))
        #expect(!String(reflecting: configuration).contains("secretsecret"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("secretsecret"))
        #expect {
            try Configuration.load(from: ["TELEGRAM_BOT_TOKEN": "123:short"], workingDirectory: cwd)
        } throws: { error in
            !"\(error)".contains("123:short")
        }
    }

    @Test func adminIDsAreParsed() throws {
        let configuration = try Configuration.load(from: ["SOGRETO_ADMIN_IDS": "1, 22,333"], workingDirectory: cwd)
        #expect(configuration.adminIDs == [1, 22, 333])
    }

    @Test func webhookSecretsMustBe16To256CharactersOfTelegramsSet() throws {
        let url = "https://bot.example.org/hook"
        for bad in ["short_secret-15", String(repeating: "a", count: 257), "sixteen chars ok", "ключ-на-шестнадцать", "secret+with/slash=="] {
            let error = #expect(throws: ConfigurationError.self) {
                try Configuration.load(from: ["SOGRETO_WEBHOOK_URL": url, "SOGRETO_WEBHOOK_SECRET": bad], workingDirectory: cwd)
            }
            #expect(error?.variable == "SOGRETO_WEBHOOK_SECRET")
            #expect(error?.description.contains("16 to 256") == true)
            #expect(error?.description.contains(bad) == false, "the secret is never echoed")
        }
        for good in ["sixteen_chars-ok", String(repeating: "Z9", count: 128)] {
            let configuration = try Configuration.load(from: ["SOGRETO_WEBHOOK_URL": url, "SOGRETO_WEBHOOK_SECRET": good],
                                                       workingDirectory: cwd)
            #expect(configuration.webhookSecret?.value == good)
        }
    }

    @Test func webhookURLWithoutSecretIsRefused() {
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(from: ["SOGRETO_WEBHOOK_URL": "https://bot.example.org/hook"], workingDirectory: cwd)
        }
    }
}

@Suite struct DotEnvTests {
    @Test func parsesCommentsQuotesAndExport() {
        let values = DotEnv.parse("""
            # comment
            TELEGRAM_BOT_TOKEN=123:abc
            export SOGRETO_ENV=prod
            SOGRETO_SUPPORT_CONTACT="@sogreto_help # not a comment"
            SOGRETO_LOG_LEVEL=debug # trailing comment
            broken line
            """)
        #expect(values["TELEGRAM_BOT_TOKEN"] == "123:abc")
        #expect(values["SOGRETO_ENV"] == "prod")
        #expect(values["SOGRETO_SUPPORT_CONTACT"] == "@sogreto_help # not a comment")
        #expect(values["SOGRETO_LOG_LEVEL"] == "debug")
        #expect(values.count == 4)
    }

    @Test func processEnvironmentWinsOverFilesAndLaterFilesOverEarlier() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = directory.appendingPathComponent(".env")
        let prod = directory.appendingPathComponent(".env.prod")
        try "A=file\nB=file\nC=file\n".write(to: base, atomically: true, encoding: .utf8)
        try "B=prod\n".write(to: prod, atomically: true, encoding: .utf8)
        let merged = DotEnv.merged(environment: ["C": "process"], files: [base, prod])
        #expect(merged == ["A": "file", "B": "prod", "C": "process"])
    }
}
