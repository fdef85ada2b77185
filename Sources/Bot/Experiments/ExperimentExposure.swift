import Foundation
import Program

/// Decides with a user's variants and records an exposure for each experiment whose texts the
/// outcome actually shows. Whether a text was shown is answered by deciding again with another
/// variant of that experiment: the outcome changes only if one of its texts is in it. Pure, and
/// skipped entirely when the board is idle.
enum ExperimentExposure {
    static func deciding<Outcome>(for userID: Int64?, listens: Bool = false, board: ExperimentBoard?,
                                         same: (Outcome, Outcome) -> Bool,
                                         _ decide: (VariantSelection?) -> Outcome) -> (Outcome, [AnalyticsEvent]) {
        guard let board, !board.isIdle else { return (decide(nil), []) }
        let view = board.view(of: userID, listens: listens)
        let outcome = decide(view.selection)
        var events: [AnalyticsEvent] = []
        for experiment in board.experiments {
            // A listener is shown the control: when a text of the experiment is in the message,
            // whatever their variant, they are kept out of its analysis (a and b alike).
            let keptOut = view.keptOut[experiment.id]
            guard let variant = keptOut ?? view.assigned[experiment.id] else { continue }
            let shown = keptOut == nil ? variant : experiment.control
            for other in experiment.variants where other.id != shown {
                var probe = view.selection
                probe.variants[experiment.id] = other.id
                if !same(decide(probe), outcome) {
                    events.append(keptOut == nil
                        ? ExposureEvent.make(experimentID: experiment.id, programID: experiment.programID, variant: variant)
                        : ExposureEvent.keptOut(experimentID: experiment.id, programID: experiment.programID, variant: variant))
                    break
                }
            }
        }
        return (outcome, events)
    }
}

extension Conversation {
    /// The conversation as a user with `selection` sees it (nil: the control texts).
    func showing(_ selection: VariantSelection?) -> Conversation {
        guard let selection else { return self }
        var copy = self
        copy.engine = ProgramEngine(catalog: engine.catalog.showing(selection))
        copy.strings = strings.showing(selection)
        return copy
    }

    /// `decide` with the user's variants, exposures added to the decision's events.
    func decide(_ update: Update, user: UserRecord?, admission: Admission, now: Date, photoDiary: PhotoDiary,
                adminFigures: AdminFigures?, experiments board: ExperimentBoard?) -> Decision {
        let userID = user?.id ?? UpdateProcessor.userID(of: update)
        let listens = user.map { narrationForm(of: $0) == .audio } ?? false
        var shown = self
        shown.previewsAsReader = board.map { !$0.isIdle && $0.view(of: userID).previewsNarrated } ?? false
        var (decision, exposures) = ExperimentExposure.deciding(for: userID, listens: listens, board: board, same: ==) { selection in
            shown.showing(selection).decide(update, user: user, admission: admission, now: now, photoDiary: photoDiary, adminFigures: adminFigures)
        }
        if decision.user != nil { decision.events += exposures }
        return decision
    }
}

extension ReminderDispatcher {
    /// The dispatcher as a user with `selection` sees it (nil: the control texts).
    func showing(_ selection: VariantSelection?) -> ReminderDispatcher {
        guard let selection else { return self }
        return ReminderDispatcher(planner: ReminderPlanner(engine: ProgramEngine(catalog: planner.engine.catalog.showing(selection))),
                                  strings: strings.showing(selection), grace: grace, quietHours: quietHours)
    }

    /// `dispatch` with the user's variants, exposures recorded with the messages.
    func dispatch(_ jobs: [DueJob], user: UserRecord?, now: Date, experiments board: ExperimentBoard?) -> JobDispatch {
        let listens = user?.narration == Conversation.NarrationForm.audio.rawValue
        var (result, exposures) = ExperimentExposure.deciding(for: user?.id, listens: listens, board: board,
                                                              same: { $0.messages == $1.messages }) {
            showing($0).dispatch(jobs, user: user, now: now)
        }
        if !result.messages.isEmpty { result.events = exposures }
        return result
    }
}

/// Reads the board once per batch: decisions and previews change while the bot runs, and a stop
/// or an adoption takes effect with the next message.
public struct ExperimentBoardReader: Sendable {
    let store: any Store
    let experiments: [Experiment]
    let adminIDs: Set<Int64>

    init(store: any Store, catalog: ProgramCatalog, adminIDs: Set<Int64>) {
        self.store = store
        self.experiments = catalog.experiments
        self.adminIDs = adminIDs
    }

    /// Nil when no experiment is declared, or the store could not be read (everyone sees the control).
    func board() async -> ExperimentBoard? {
        guard !experiments.isEmpty else { return nil }
        guard let decisions = try? await store.experimentDecisions(),
              let overrides = try? await store.experimentOverrides() else { return nil }
        return ExperimentBoard(experiments: experiments, decisions: decisions, overrides: overrides, adminIDs: adminIDs)
    }
}
