import Foundation

/// Reflection questions of themes and micro-practices: optional, a few words, kept by id.
extension EngineSession {
    /// The micro-practice whose question is open (ProgramEngine.openMicroQuestion): from its day
    /// until a later one comes or the user opens a stage.
    var openMicro: MicroPractice? {
        ProgramEngine(catalog: catalog).openMicroQuestion(of: progress, now: now, timeZone: context.timeZone, locale: context.locale)
    }

    /// The open micro question and its words while it has no answer: typed words go to it
    /// without "Answer" (once answered, only "Answer" or rewording at once changes it).
    var unansweredMicroQuestion: (id: String, question: String)? {
        guard let micro = openMicro, progress.reflections?[micro.id] == nil, let question = texts.micro[micro.id]?.question
        else { return nil }
        return (micro.id, question)
    }

    /// "Answer" under a micro-practice: its question is asked and the next text answers it, while
    /// it is open; a replaced one says what is open now and changes nothing.
    mutating func askMicroQuestion(_ id: String) {
        // A question whose day has not come was never asked: that press is only stale.
        guard progress.status == .active, let asked = program.micro.first(where: { $0.id == id }),
              ProgramSchedule.dayZero(of: progress, program: program) != nil, asked.day <= programDay else { return stale() }
        guard let micro = openMicro, micro.id == id, let question = texts.micro[micro.id]?.question else {
            return sayMicroReplaced()
        }
        progress.awaitingText = .reflection(id: micro.id)
        var text = "<i>" + question + "</i>"
        if let answer = progress.reflections?[micro.id] {
            text += "\n\n" + strings.format(.yourAnswer, ["answer": TelegramHTML.escape(answer, truncatedTo: Self.echoLimit)])
        }
        say(text, [keyboards.laterRow])
    }

    /// A micro question that is no longer open: name the one open now (with its Answer), or what
    /// Continue opens. Nothing in the progress changes.
    private mutating func sayMicroReplaced() {
        changesNothing = true
        if let open = openMicro, let question = texts.micro[open.id]?.question {
            return say(.microReplaced, ["question": question], [[keyboards.button(.microAnswer, .answerMicro(open.id))]])
        }
        if let item = waitingTitle() {
            return say(.microClosedContinue, ["item": item], [keyboards.continueRow])
        }
        say(.microClosed, [:], [keyboards.continueRow])
    }

    /// Words typed under an open, unanswered micro question without "Answer": kept as its answer,
    /// and the reply names the question, so words meant otherwise are seen where they went.
    mutating func saveTypedMicroAnswer(_ answer: String, id: String, question: String) {
        progress.reflections = (progress.reflections ?? [:]).merging([id: answer]) { _, new in new }
        progress.awaitingText = .reflection(id: id)
        say(.microAnswerTyped, ["question": question, "answer": TelegramHTML.escape(answer, truncatedTo: Self.echoLimit)],
            [keyboards.continueRow])
    }

    mutating func saveReflection(_ answer: String, id: String) {
        let echo = ["answer": TelegramHTML.escape(answer, truncatedTo: Self.echoLimit)]
        if case .theme(let slot) = progress.position, let entry = ThemePlan(progress: progress, program: program).slots[safe: slot], entry.theme == id, programDay >= entry.day {
            progress.reflections = (progress.reflections ?? [:]).merging([id: answer]) { _, new in new }
            return say(.answerSaved, echo, keyboards.theme(slot: slot, why: texts.themes[id]?.why != nil))
        }
        if openMicro?.id == id {
            progress.reflections = (progress.reflections ?? [:]).merging([id: answer]) { _, new in new }
            // The reply invites rewording, so the next words still answer this question.
            progress.awaitingText = .reflection(id: id)
            return say(.answerSaved, echo, [keyboards.continueRow])
        }
        progress.awaitingText = nil
        if program.micro.contains(where: { $0.id == id }) {
            // Asked, then replaced by a later question: say which one is open rather than "I'm not asking".
            if let open = openMicro, let question = texts.micro[open.id]?.question {
                return say(.microReplaced, ["question": question], [[keyboards.button(.microAnswer, .answerMicro(open.id))]])
            }
        }
        say(.textNotExpected, [:], [keyboards.continueRow])
    }
}
