/// One broken promise, found after one step of one walk.
struct WalkFinding: Sendable, CustomStringConvertible {
    enum Invariant: String, Sendable, CaseIterable {
        /// A request the Bot API refused (the emulator checks each against the published API).
        case validRequest = "valid-request"
        case language
        case placeholder
        /// "…" standing alone where an answer was missing.
        case ellipsis
        /// A stage's text before the user reached it.
        case stageNotReached = "stage-not-reached"
        /// Continue after a reminder opened something else than the reminder named.
        case reminderNamesContinue = "reminder-names-continue"
        /// Over the program's length, or /status, photo labels, collages and the PDF disagreeing.
        case dayNumbers = "day-numbers"
        case staleButton = "stale-button"
        /// A button shown on the latest message got the "old button" notice, or nothing at all.
        case liveButton = "live-button"
        /// More than one reply burst to one update (a duplicated message, two acknowledgements).
        case oneReply = "one-reply"
        /// An update that got neither a message nor an acknowledgement.
        case replyLost = "reply-lost"
        /// Something sent unasked to a paused, stopped or blocked user.
        case quietWhenAway = "quiet-when-away"
        /// The bot did not finish what was due within the step's time limit.
        case settles
        /// "Why?" showed another step's explanation, not in place, or acted when stale.
        case why
        /// A micro-practice's Answer asked on another day, or did not ask on its own.
        case microAnswer = "micro-answer"
        /// The user's words stored where they were not asked for, not stored when "saved", or
        /// missing from the manifesto or the PDF diary.
        case ownWords = "own-words"
        /// A stage branch's text for another answer than the user's.
        case branch
        /// Starting over lost or changed the journey left behind.
        case earlierJourneys = "earlier-journeys"
    }

    var invariant: Invariant
    var step: Int
    var detail: String

    var description: String { "step \(step) [\(invariant.rawValue)] \(detail)" }
}
