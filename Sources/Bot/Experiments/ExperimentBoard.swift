import Program

/// The experiments as they stand when a batch is handled: declared in the content, decided by
/// admins (started, stopped, adopted) and previewed. Pure: says which variant of each
/// experiment a user sees and which of those count as exposures.
struct ExperimentBoard: Sendable {
    let experiments: [Experiment]
    let decisions: [String: ExperimentDecision]
    let overrides: [Int64: [String: String]]
    let adminIDs: Set<Int64>

    init(experiments: [Experiment], decisions: [ExperimentDecision], overrides: [ExperimentOverride], adminIDs: Set<Int64>) {
        self.experiments = experiments
        self.decisions = Dictionary(decisions.map { ($0.experimentID, $0) }, uniquingKeysWith: { _, last in last })
        var byUser: [Int64: [String: String]] = [:]
        for override in overrides where adminIDs.contains(override.userID) {
            byUser[override.userID, default: [:]][override.experimentID] = override.variant
        }
        self.overrides = byUser
        self.adminIDs = adminIDs
    }

    /// A user's view: the variant of every experiment, and the running experiments whose
    /// variant came from assignment (only those are exposures; an admin's preview is not).
    /// A listener is kept out of running experiments that cover a narrated practice: they hear
    /// the control's recording, so they see the control's texts and count in no variant.
    struct View: Sendable, Equatable {
        var selection: VariantSelection
        var assigned: [String: String]
        /// Experiment → the variant the listener was assigned but is kept out of.
        var keptOut: [String: String] = [:]
        /// An admin previews a variant of an experiment covering a narrated practice: they get
        /// such practices as text, as every user counted in the variant does (listeners are kept out).
        var previewsNarrated = false
    }

    func view(of userID: Int64?, listens: Bool = false) -> View {
        var view = View(selection: VariantSelection(), assigned: [:])
        for experiment in experiments {
            if let userID, let forced = overrides[userID]?[experiment.id], experiment.hasVariant(forced) {
                view.selection.variants[experiment.id] = forced
                if experiment.coversNarratedTexts { view.previewsNarrated = true }
                continue
            }
            switch decisions[experiment.id]?.status {
            case .running:
                guard let userID else { continue }
                let variant = VariantAssignment.variant(of: userID, in: experiment)
                if listens, experiment.coversNarratedTexts {
                    view.keptOut[experiment.id] = variant
                    continue
                }
                view.selection.variants[experiment.id] = variant
                view.assigned[experiment.id] = variant
            case .adopted:
                if let variant = decisions[experiment.id]?.variant, experiment.hasVariant(variant) {
                    view.selection.variants[experiment.id] = variant
                }
            case .stopped, nil:
                break
            }
        }
        return view
    }

    func status(of experimentID: String) -> ExperimentDecision.Status? {
        decisions[experimentID]?.status
    }

    /// Nothing to decide differently: no experiment is running, adopted or previewed.
    var isIdle: Bool {
        overrides.isEmpty && !decisions.values.contains { $0.status != .stopped }
    }
}
