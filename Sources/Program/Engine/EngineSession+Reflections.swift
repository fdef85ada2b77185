import Foundation

/// Reflection questions of themes and micro-practices: optional, a few words, kept by id.
extension EngineSession {
    /// The micro-practice of today, if the program is running and today has one.
    func microOfToday(_ id: String) -> MicroPractice? {
        guard progress.status == .active, ProgramSchedule.dayZero(of: progress, program: program) != nil,
              let micro = program.micro.first(where: { $0.id == id }), micro.day == programDay else { return nil }
        return micro
    }

    /// "Answer" under a micro-practice: its question is asked and the next text answers it, on its day only.
    mutating func askMicroQuestion(_ id: String) {
        guard let micro = microOfToday(id), let question = texts.micro[micro.id]?.question else { return stale() }
        progress.awaitingText = .reflection(id: micro.id)
        var text = "<i>" + question + "</i>"
        if let answer = progress.reflections?[micro.id] {
            text += "\n\n" + strings.format(.yourAnswer, ["answer": TelegramHTML.escape(answer, truncatedTo: Self.echoLimit)])
        }
        say(text, [keyboards.laterRow])
    }

    mutating func saveReflection(_ answer: String, id: String) {
        let echo = ["answer": TelegramHTML.escape(answer, truncatedTo: Self.echoLimit)]
        if case .theme(let slot) = progress.position, let entry = ThemePlan(progress: progress, program: program).slots[safe: slot], entry.theme == id, programDay >= entry.day {
            progress.reflections = (progress.reflections ?? [:]).merging([id: answer]) { _, new in new }
            return say(.answerSaved, echo, keyboards.theme(slot: slot, why: texts.themes[id]?.why != nil))
        }
        if microOfToday(id) != nil {
            progress.reflections = (progress.reflections ?? [:]).merging([id: answer]) { _, new in new }
            progress.awaitingText = nil
            return say(.answerSaved, echo, [keyboards.continueRow])
        }
        progress.awaitingText = nil
        say(.textNotExpected, [:], [keyboards.continueRow])
    }
}
