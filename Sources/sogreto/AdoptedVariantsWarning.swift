import Bot
import Foundation
import Program

/// `content check`'s warning about adopted experiments whose variants are still in the files:
/// the decisions live in the bot's store, read when one is configured and exists.
enum AdoptedVariantsWarning {
    static func read(_ catalog: ProgramCatalog) -> [String] {
        let experiments = catalog.experiments
        guard !experiments.isEmpty, let configuration = try? loadConfiguration() else { return [] }
        if configuration.databaseServerURL == nil, !FileManager.default.fileExists(atPath: configuration.databaseURL.path) {
            return [] // no store yet: nothing can have been adopted
        }
        let result = Box()
        let done = DispatchSemaphore(value: 0)
        // A synchronous command: the read runs on the cooperative pool while this thread waits.
        Task {
            do {
                let store = try await openCommandStore(configuration)
                result.lines = AdoptedVariantsCheck.warnings(experiments, decisions: try await store.experimentDecisions())
            } catch {
                result.lines = ["note: adopted experiments not checked: the store could not be read (\(ErrorSummary.of(error)))"]
            }
            done.signal()
        }
        done.wait()
        return result.lines
    }

    /// @unchecked Sendable: written by the task before `signal`, read after `wait`.
    private final class Box: @unchecked Sendable {
        var lines: [String] = []
    }
}
