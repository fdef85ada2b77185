import ArgumentParser
import Bot

@main
struct Sogreto: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sogreto",
        abstract: "The Sogreto Telegram bot: guided mindfulness practices for microgreens seed kits.",
        subcommands: [
            RunCommand.self,
            MigrateCommand.self,
            StoreCommand.self,
            MediaCommand.self,
            PracticeDiaryCommand.self,
            ContentCommand.self,
            AudioCommand.self,
            SandboxCommand.self,
            AdminCommand.self,
            BackupCommand.self,
            RestoreCommand.self,
        ]
    )

    /// Restricts file modes before anything is written (files 0640, folders 0750), then runs the
    /// command as ArgumentParser would.
    static func main() async {
        FileModes.restrictProcessUmask()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
