/// The manifesto, completion and the NPS question.
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
        let html = filler.fill(manifesto.template)
        // Stored as plain text: the PDF diary and any later view render it themselves.
        progress.manifesto = (try? TelegramHTML.plainText(of: html)) ?? html
        say(html)
        say(filler.fill(manifesto.completion))
        markCompleted(stage)
        progress.position = .nps
        completeProgram()
        say(filler.fill(manifesto.npsQuestion), keyboards.nps())
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
