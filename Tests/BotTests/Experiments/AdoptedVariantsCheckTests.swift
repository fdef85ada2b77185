import Foundation
import Program
import Testing
@testable import Bot

@Suite struct AdoptedVariantsCheckTests {
    @Test func onlyAnAdoptedExperimentStillInTheFilesIsWarnedAbout() {
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        let adopted = VariantAssignmentTests.experiment("adopted"), running = VariantAssignmentTests.experiment("running")
        let warnings = AdoptedVariantsCheck.warnings([adopted, running], decisions: [
            ExperimentDecision(experimentID: "adopted", status: .adopted, variant: "b", changedAt: at),
            ExperimentDecision(experimentID: "running", status: .running, changedAt: at),
            ExperimentDecision(experimentID: "gone", status: .adopted, variant: "a", changedAt: at),
        ])
        #expect(warnings == ["warning: programs/microgreens: experiment \"adopted\" adopted variant \"b\", but its texts still have "
                             + "variants (stages.sprouts.unlock): keep b's text in each, then remove the experiment from program.json"])
    }
}
