import ArgumentParser

@main
struct Sogreto: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sogreto",
        abstract: "The Sogreto Telegram bot: guided mindfulness practices for microgreens seed kits.",
        subcommands: [
            RunCommand.self,
            MigrateCommand.self,
            MediaCommand.self,
            DiaryCommand.self,
            ContentCommand.self,
            AudioCommand.self,
            SandboxCommand.self,
            AdminCommand.self,
            BackupCommand.self,
            RestoreCommand.self,
        ]
    )
}
