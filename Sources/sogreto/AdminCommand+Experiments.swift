import Admin
import ArgumentParser
import Bot

extension AdminCommand {
    /// `sogreto admin experiments [ID] [--start | --stop | --adopt VARIANT]`.
    struct Experiments: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A/B tests of texts: exposed users, conversions, the difference with its 95 % interval; start, stop or adopt a winner (audited).")
        @Argument(help: "The experiment id (all experiments when left out).") var id: String?
        @Flag(help: "Start showing the variants to users (each keeps one).") var start = false
        @Flag(help: "Stop: everyone sees the first variant (the control) from the next message.") var stop = false
        @Option(help: "Adopt this variant: everyone sees it from the next message; the content files are not changed.")
        var adopt: String?

        func validate() throws {
            let actions = [start, stop, adopt != nil].filter { $0 }.count
            if actions > 1 { throw ValidationError("Give at most one of --start, --stop and --adopt.") }
            if actions == 1, id == nil { throw ValidationError("Name the experiment to change: sogreto admin experiments ID --start.") }
        }

        func run() async throws {
            let actions = try await AdminCommand.actions()
            guard let id else {
                print(AdminReports.experiments(try await actions.experimentReports()))
                return
            }
            let report: ExperimentReport
            if start {
                report = try await actions.decide(experiment: id, .start, actor: AdminCommand.actor)
            } else if stop {
                report = try await actions.decide(experiment: id, .stop, actor: AdminCommand.actor)
            } else if let adopt {
                report = try await actions.decide(experiment: id, .adopt(adopt), actor: AdminCommand.actor)
            } else {
                report = try await actions.experimentReport(id)
            }
            print(AdminReports.experiment(report))
        }
    }
}
