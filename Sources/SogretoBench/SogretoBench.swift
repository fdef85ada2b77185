import ArgumentParser

/// `sogreto-bench`: release-mode benchmarks of the bot, kept out of the `sogreto` executable.
@main
struct SogretoBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sogreto-bench",
        abstract: "Benchmarks of the Sogreto bot (build with -c release).",
        subcommands: [PipelineCommand.self, PhotoUploadCommand.self, BotProcessCommand.self, CrashDrillCommand.self,
                      JourneysCommand.self, S3TransferMemoryCommand.self]
    )
}
