import Foundation
import Program

/// Adopting a variant records a decision and rewrites no content file, so the files keep the
/// variants until an editor removes them: `content check` says which, without failing.
public enum AdoptedVariantsCheck {
    public static func warnings(_ experiments: [Experiment], decisions: [ExperimentDecision]) -> [String] {
        let byID = Dictionary(decisions.map { ($0.experimentID, $0) }, uniquingKeysWith: { _, last in last })
        return experiments.compactMap { experiment in
            guard let decision = byID[experiment.id], decision.status == .adopted, let variant = decision.variant else { return nil }
            return "warning: programs/\(experiment.programID): experiment \"\(experiment.id)\" adopted variant \"\(variant)\", "
                + "but its texts still have variants (\(experiment.texts.joined(separator: ", "))): keep \(variant)'s text "
                + "in each, then remove the experiment from program.json"
        }
    }
}
