import Foundation

/// The manifesto, completion and the NPS question. The ending unfolds rather than arriving in
/// one burst: the manifesto first; the closing words (and the bot's diary offer) once it has been
/// read, or later that day from the scheduler; the closing question the next day.
extension EngineSession {
    mutating func runManifesto(_ stage: Stage) {
        guard let stageTexts = texts.stages[stage.id], let manifesto = stageTexts.manifesto else { return say(.programUnavailable) }
        markStarted(stage)
        // The manifesto's recording narrates its intro and reads the lines aloud; it stands in for the intro.
        if let intro = stageTexts.intro {
            let filled = filler.fill(intro)
            messages.append(OutgoingMessage(text: filled, narrates: narrated(.stage(stage.id),
                                                                             captions: [filled, "<b>\(stageTitle(stage))</b>"])))
        }
        let html = ManifestoText(filler: filler).html(template: manifesto.template, fewAnswers: manifesto.templateFewAnswers)
        // Stored as plain text: the PDF diary and any later view render it themselves.
        progress.manifesto = (try? TelegramHTML.plainText(of: html)) ?? html
        say(html, [keyboards.manifestoReadRow])
        if let card = manifesto.card, let lines = ManifestoText(filler: filler).cardLines(card), let title = lines.first {
            manifestoCard = ManifestoCardText(title: title, lines: Array(lines.dropFirst()), colours: program.colours)
        }
        markCompleted(stage)
        progress.position = .nps
        completeProgram()
    }

    /// "I've read it" (or Continue while the manifesto is unread): the closing words, unless the
    /// scheduler has already sent them; the bot adds the diary offer on `.manifestoRead`.
    mutating func readManifesto() {
        guard progress.position == .nps else { return stale() }
        guard progress.manifestoReadAt == nil else { return showEnding() }
        progress.manifestoReadAt = now
        if let offer = EndingSchedule(progress: progress, program: program, timeZone: context.timeZone).closingWordsDue,
           now >= offer {
            return say(.endingRest)
        }
        say(filler.fill(texts.stages[manifestoStageID]?.manifesto?.completion ?? ""))
        events.append(.manifestoRead)
    }

    /// Continue after the manifesto: its closing words if unread, the closing question from the
    /// next day on, and until then a short note saying when it comes.
    mutating func showEnding() {
        guard progress.manifestoReadAt != nil else { return readManifesto() }
        let schedule = EndingSchedule(progress: progress, program: program, timeZone: context.timeZone)
        if let opens = schedule.questionOpens, now < opens { return say(.endingRest) }
        say(filler.fill(texts.stages[manifestoStageID]?.manifesto?.npsQuestion ?? ""), keyboards.nps())
    }

    mutating func scoreNPS(_ score: Int) {
        guard progress.position == .nps, (0...10).contains(score) else { return stale() }
        progress.npsScore = score
        progress.position = .npsComment
        progress.awaitingText = .npsComment
        events.append(.npsScored(score))
        say(filler.fill(texts.stages[manifestoStageID]?.manifesto?.npsCommentPrompt ?? ""), keyboards.npsComment())
    }

    mutating func skipNPSComment() {
        guard progress.position == .npsComment else { return stale() }
        finishNPS()
    }

    mutating func saveNPSComment(_ comment: String) {
        guard progress.position == .npsComment else {
            progress.awaitingText = nil
            return say(.textNotExpected, [:], [keyboards.continueRow])
        }
        progress.npsComment = comment
        events.append(.npsComment)
        finishNPS()
    }

    private mutating func finishNPS() {
        progress.position = .finished
        progress.awaitingText = nil
        say(filler.fill(texts.stages[manifestoStageID]?.manifesto?.npsThanks ?? ""))
    }
}
