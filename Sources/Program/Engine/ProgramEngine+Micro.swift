public import Foundation

/// A micro-practice dated for one user: local midnight of its program day.
public struct MicroUnlock: Sendable, Equatable {
    public let id: String
    public let day: Int
    public let at: Date
}

/// Micro-practices as the reminder scheduler sends them.
extension ProgramEngine {
    /// The program's micro-practices dated for this user (past ones included); empty unless the
    /// program runs and planting is complete.
    public func microPractices(of progress: UserProgress, timeZone: TimeZone) -> [MicroUnlock] {
        guard progress.status == .active, let program = catalog.program(id: progress.programID),
              let zero = ProgramSchedule.dayZero(of: progress, program: program) else { return [] }
        // A taste's micro-practices are those before the first stage it does not give.
        let tasteEnds = progress.taste == true ? program.tasteEndIndex.flatMap { program.stages[safe: $0 + 1]?.day } : nil
        return program.micro.filter { $0.day < tasteEnds ?? Int.max }.compactMap { micro in
            ProgramSchedule.start(ofDay: micro.day, progress: progress, program: program, now: zero, timeZone: timeZone)
                .map { MicroUnlock(id: micro.id, day: micro.day, at: $0) }
        }
    }

    /// The micro-practice's message on its day, with an "Answer" button when it asks a question;
    /// nil on any other day or when the program does not run.
    public func microMessage(id: String, progress: UserProgress, now: Date, timeZone: TimeZone, locale: String) -> OutgoingMessage? {
        guard progress.status == .active, let program = catalog.program(id: progress.programID),
              let texts = program.texts(for: locale), let micro = program.micro.first(where: { $0.id == id }),
              let microTexts = texts.micro[id], ProgramSchedule.dayZero(of: progress, program: program) != nil,
              ProgramSchedule.programDay(of: progress, program: program, now: now, timeZone: timeZone) == micro.day else { return nil }
        var text = "<b>" + microTexts.title + "</b>\n\n" + microTexts.text
        var buttons: [[Button]] = []
        if let question = microTexts.question {
            text += "\n\n<i>" + question + "</i>"
            let keyboards = Keyboards(program: program, texts: texts, ui: catalog.strings(for: locale))
            buttons = [[keyboards.button(.microAnswer, .answerMicro(id))]]
        }
        return OutgoingMessage(text: text, buttons: buttons)
    }
}

extension ProgramEngine {
    /// The micro-practice whose question is open now: the latest one whose day has come (a later
    /// one replaces it), while the user has not opened a stage since that day began (they moved
    /// on). Its Answer acts and a typed answer is kept on later days too; nil when none is open.
    package func openMicroQuestion(of progress: UserProgress, now: Date, timeZone: TimeZone, locale: String) -> MicroPractice? {
        guard progress.status == .active, let program = catalog.program(id: progress.programID),
              let texts = program.texts(for: locale) else { return nil }
        let today = ProgramSchedule.programDay(of: progress, program: program, now: now, timeZone: timeZone)
        guard let latest = microPractices(of: progress, timeZone: timeZone).filter({ $0.day <= today && $0.at <= now })
            .max(by: { $0.day < $1.day }), texts.micro[latest.id]?.question != nil,
              !progress.stagesStarted.values.contains(where: { $0 >= latest.at }) else { return nil }
        return program.micro.first { $0.id == latest.id }
    }
}
