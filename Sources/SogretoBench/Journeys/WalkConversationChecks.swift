import Bot
import Foundation
import Program
import TelegramEmulator

/// The conversation features' promises: "Why?" explains the step it was pressed on, in place
/// (in a new message when pressed on an older copy of the step);
/// a micro-practice's Answer acts while its question is open; the user's words are stored where they were
/// asked and nowhere else; a branch of a stage shows only for its answer; starting over keeps
/// the journey left behind; the manifesto quotes the user.
extension JourneyWalk {
    func checkConversation(_ step: StepContext) {
        guard let content else { return }
        checkWhy(step, content)
        checkMicroAnswer(step, content)
        checkOwnWords(step, content)
        checkBranches(step, content)
        checkEarlierJourneys(step)
        checkManifesto(step, content)
    }

    /// The program and content locale a step is read in.
    func reading(_ snapshot: Snapshot, _ content: WalkContent) -> (program: String, locale: String)? {
        guard let progress = snapshot.progress, let program = content.catalog.program(id: progress.programID) else { return nil }
        return (program.id, program.contentLocale(for: snapshot.record?.locale ?? language))
    }

    /// A message's text, caption and buttons as one line, the user's own words left in: content
    /// pieces are long and cannot pass for them, and taking out a typed "да" would break "вода".
    func shownWords(_ message: BotMessage) -> String {
        StageTexts.normalised(([message.text, message.caption].compactMap { $0 } + message.buttons.joined().map(\.text)).joined(separator: "\n"))
    }

    /// The messages whose text this step wrote: new ones and those edited to say something else
    /// (a keyboard taken off an old message does not make its text new).
    func rewritten(_ step: StepContext) -> [BotMessage] {
        step.new + step.edited.filter { step.rewrittenIDs.contains($0.messageID) }
    }

    /// The same day on the user's clock before the press and after the bot settled: checks that
    /// depend on today's program day are left out when a step crosses midnight.
    func sameDay(_ step: StepContext, _ content: WalkContent) -> Bool {
        guard let progress = step.before.progress, let zone = step.before.record?.timeZone, let acted = step.actedAt,
              let settled = step.settledAt else { return false }
        return content.engine.programDay(of: progress, now: acted, timeZone: zone)
            == content.engine.programDay(of: progress, now: settled, timeZone: zone)
    }

    func staleNotice(_ locale: String) -> String? {
        if let cached = staleNotices[locale] { return cached }
        let url = assets.appendingPathComponent("locales/bot.\(locale).json")
        let strings = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any]
        let notice = strings?["stale_button"] as? String
        staleNotices[locale] = notice
        return notice
    }

    func answeredStale(_ step: StepContext) -> Bool {
        guard let notice = staleNotice(step.after.record?.locale ?? language) else { return true }
        return step.callbackAnswers?.contains { $0.text == notice } ?? false
    }

    // MARK: Why

    /// The explanation a press would show now (`why:S.STEP` or `themeWhy:ID`), nil when the bot must call it stale.
    func expectedExplanation(_ data: String, _ step: StepContext, _ content: WalkContent) -> String? {
        guard let progress = step.before.progress, let program = content.catalog.program(id: progress.programID),
              let locale = reading(step.before, content)?.locale, let texts = program.texts[locale] else { return nil }
        if let (stageID, index) = Self.stepNamed(by: data), data.hasPrefix("p:wy:") {
            guard progress.position == .step(stage: stageID, index: index), let stage = program.stage(stageID),
                  let stepID = stage.steps[safe: index]?.id, texts.stages[stageID]?.steps[stepID]?.why != nil else { return nil }
            return "why:\(stageID).\(stepID)"
        }
        if data.hasPrefix("p:wt:"), let slot = Self.themeSlot(in: data), let zone = step.before.record?.timeZone, let acted = step.actedAt,
           let theme = content.openTheme(slot: slot, progress: progress, now: acted, zone: zone), texts.themes[theme]?.why != nil {
            return "themeWhy:\(theme)"
        }
        return nil
    }

    private func checkWhy(_ step: StepContext, _ content: WalkContent) {
        guard let (program, locale) = reading(step.after, content) ?? reading(step.before, content) else { return }
        var pressed: (id: Int, data: String)?
        if case let .press(id, data, _) = step.action, data.hasPrefix("p:wy:") || data.hasPrefix("p:wt:") { pressed = (id, data) }
        let expected = pressed.flatMap { expectedExplanation($0.data, step, content) }
        var explainedInPlace = false
        for message in rewritten(step) {
            let words = shownWords(message)
            let shown = content.sources("why", program: program, locale: locale, in: words).map { "why:" + $0 }
                + content.sources("themeWhy", program: program, locale: locale, in: words).map { "themeWhy:" + $0 }
            guard !shown.isEmpty else { continue }
            // In the pressed message, or in a new one when it was an older copy of the page.
            let placed = message.messageID == pressed?.id || (step.pressedOlderCopy && step.new.contains { $0.messageID == message.messageID })
            if let expected, shown == [expected], placed {
                explainedInPlace = true
            } else {
                find(.why, step, "explanation \(shown) shown after \(step.action) (expected \(expected ?? "none")): \(Self.head(message))")
            }
        }
        // A button its message no longer shows may be refused before the program sees it.
        guard let pressed, step.before.progress != nil, step.settled, step.keyboardShows != false else { return }
        exercised["\(pressed.data.hasPrefix("p:wy:") ? "why" : "theme why") \(expected == nil ? "stale" : "fresh")", default: 0] += 1
        if expected != nil {
            if !explainedInPlace && sameDay(step, content) {
                find(.why, step, "\(pressed.data) on the current step did not explain it in place: \(Self.heads(rewritten(step)))")
            }
            if answeredStale(step) { find(.why, step, "\(pressed.data) on the current step was answered as stale") }
        } else if sameDay(step, content), !answeredStale(step) {
            find(.why, step, "stale \(pressed.data) did not get the stale notice: \(step.callbackAnswers?.map { $0.text ?? "-" } ?? [])")
        }
    }

    // MARK: Micro-practices

    private func checkMicroAnswer(_ step: StepContext, _ content: WalkContent) {
        guard case let .press(_, data, _) = step.action, data.hasPrefix("p:ra:"), let before = step.before.progress,
              let after = step.after.progress, let zone = step.before.record?.timeZone, let acted = step.actedAt,
              let (program, locale) = reading(step.before, content), sameDay(step, content), step.settled,
              step.keyboardShows != false else { return }
        let id = String(data.dropFirst(5))
        let hasQuestion = content.catalog.program(id: program)?.texts[locale]?.micro[id]?.question != nil
        let open = content.engine.openMicroQuestion(of: before, now: acted, timeZone: zone, locale: step.before.record?.locale ?? language)
        let fresh = hasQuestion && open?.id == id
        // The micro-practice's own message (with its Answer) may come in the same seconds; only replies count.
        let replies = rewritten(step).filter { content.sources("micro", program: program, locale: locale, in: shownWords($0)).isEmpty }
        let asked = replies.flatMap { message in
            content.sources("microQuestion", program: program, locale: locale, in: shownWords(message))
        }
        exercised["micro answer \(fresh ? "fresh" : "stale")", default: 0] += 1
        if fresh {
            if after.awaitingText != .reflection(id: id) {
                find(.microAnswer, step, "Answer of \(id) on its day left the bot awaiting \(String(describing: after.awaitingText))")
            }
            if asked != [id] { find(.microAnswer, step, "Answer of \(id) on its day asked \(asked): \(Self.heads(replies))") }
            if answeredStale(step) { find(.microAnswer, step, "Answer of \(id) on its day was answered as stale") }
        } else {
            // A replaced question may name the one open now, never itself.
            if !asked.allSatisfy({ $0 == open?.id && $0 != id }) {
                find(.microAnswer, step, "stale Answer \(data) asked \(asked) (open: \(open?.id ?? "none"))")
            }
            if after.awaitingText != before.awaitingText {
                find(.microAnswer, step, "stale Answer \(data) changed what the bot awaits: \(String(describing: before.awaitingText)) → \(String(describing: after.awaitingText))")
            }
            if let open, hasQuestion, asked != [open.id] {
                find(.microAnswer, step, "replaced Answer \(data) did not name the open question \(open.id): \(Self.heads(replies))")
            }
            if !answeredStale(step), replies.isEmpty { find(.microAnswer, step, "stale Answer \(data) got neither the stale notice nor a reply") }
        }
    }

    // MARK: The user's words

    static func stored(_ text: String) -> String {
        String(text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(4096))
    }

    /// Whether the bot's reply is its "Saved ✓" for typed words.
    func confirmsSaved(_ step: StepContext) -> Bool {
        let locale = step.after.record?.locale ?? language
        guard let template = savedTemplates(locale) else { return false }
        return step.new.contains { message in
            let text = StageTexts.normalised(message.text ?? "")
            return template.contains { text.hasPrefix($0) }
        }
    }

    private func savedTemplates(_ locale: String) -> [String]? {
        if let cached = savedPrefixes[locale] { return cached }
        let url = assets.appendingPathComponent("locales/program.\(locale).json")
        let strings = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any]
        let prefixes = ["answerSaved", "wishSaved", "microAnswerTyped"].compactMap { strings?[$0] as? String }
            .map { StageTexts.normalised(StageTexts.plain($0).components(separatedBy: "{")[0]) }
        savedPrefixes[locale] = prefixes
        return prefixes
    }

    /// Answers, reflections and the wish change only by typing at the question that asked for
    /// them (or taking a wish from the list); a typed reflection lands under the question awaited,
    /// at the moment it was asked for, exactly as typed.
    private func checkOwnWords(_ step: StepContext, _ content: WalkContent) {
        guard let before = step.before.progress, let after = step.after.progress, before.startedAt == after.startedAt,
              before.programID == after.programID else { return }
        var typed: String?
        if case .text(let text) = step.action { typed = Self.stored(text) }
        let awaited = before.awaitingText
        let old = before.reflections ?? [:]
        let new = after.reflections ?? [:]
        for key in Set(old.keys).union(new.keys) where old[key] != new[key] {
            // Words typed when nothing was awaited answer the open micro question, if not yet answered.
            let typedUnderMicro = awaited == nil && old[key] == nil && step.actedAt.map { now in
                content.openMicro(key, progress: before, now: now, zone: step.before.record?.timeZone ?? .gmt,
                                  locale: step.before.record?.locale ?? language) != nil
            } == true
            guard let typed, awaited == .reflection(id: key) || typedUnderMicro, new[key] == typed else {
                find(.ownWords, step, "reflection \(key) changed by \(step.action) (awaiting \(String(describing: awaited))): "
                     + "\(old[key]?.debugDescription ?? "nil") → \(new[key]?.debugDescription ?? "nil")")
                continue
            }
            let zone = step.before.record?.timeZone ?? .gmt
            let now = step.actedAt ?? Date.distantPast
            let onTheme: Bool = if case .theme(let slot) = before.position {
                content.openTheme(slot: slot, progress: before, now: now, zone: zone) == key
            } else { false }
            let onMicro = content.openMicro(key, progress: before, now: now, zone: zone,
                                            locale: step.before.record?.locale ?? language) != nil
            if !onTheme, !onMicro, sameDay(step, content) {
                find(.ownWords, step, "reflection \(key) stored at \(before.position), neither its theme's nor its micro-practice's day")
            }
            exercised[onMicro ? "micro reflection stored" : "theme reflection stored", default: 0] += 1
            if !confirmsSaved(step) { find(.ownWords, step, "reflection \(key) stored without the “saved” reply: \(Self.heads(step.new))") }
        }
        for key in Set(before.answers.keys).union(after.answers.keys) where before.answers[key] != after.answers[key] {
            let asked: Bool = if case let .answer(stage, stepID)? = awaited { UserProgress.key(stage: stage, step: stepID) == key } else { false }
            if typed == nil || !asked || after.answers[key] != typed {
                find(.ownWords, step, "answer \(key) changed by \(step.action) (awaiting \(String(describing: awaited)))")
                continue
            }
            exercised["answer stored", default: 0] += 1
            if !confirmsSaved(step) {
                find(.ownWords, step, "answer \(key) stored without the “saved” reply: \(Self.heads(step.new))")
            }
        }
        if before.wish != after.wish {
            let typedWish: Bool = if case .wish? = awaited { after.wish == typed } else { false }
            var pickedWish = false
            if case let .press(_, data, _) = step.action { pickedWish = data.hasPrefix("p:w:") }
            if !typedWish && !pickedWish { find(.ownWords, step, "the wish changed by \(step.action)") }
        }
        // A reflection typed while the bot awaited it but not at its moment is not kept.
        if let typed, case .reflection(let id)? = awaited, old[id] == new[id], confirmsSaved(step), new[id] != typed {
            find(.ownWords, step, "“saved” for reflection \(id), but it was not stored")
        }
    }

    // MARK: Branches

    /// A branch step's text shows only for the answer that opens it; Next on a chosen answer
    /// opens that answer's own step.
    private func checkBranches(_ step: StepContext, _ content: WalkContent) {
        guard let progress = step.after.progress, let program = content.catalog.program(id: progress.programID),
              let locale = reading(step.after, content)?.locale else { return }
        let messages = rewritten(step)
        for stage in program.stages {
            for branch in stage.steps where branch.when != nil && !stage.shows(branch, choices: progress.choices) {
                for message in messages where content.shows("step:\(stage.id).\(branch.id)", program: program.id, locale: locale,
                                                             in: shownWords(message)) {
                    find(.branch, step, "\(stage.id).\(branch.id) shown while \(branch.when?.choice ?? "") is "
                         + "\(progress.choices.filter { $0.key.hasPrefix(stage.id + ".") }.values.sorted()): \(Self.head(message))")
                }
            }
        }
        // Next on the choice step, once answered, opens the first step that answer shows.
        guard case let .press(_, data, false) = step.action, data.hasPrefix("p:n:"), let (stageID, index) = Self.stepNamed(by: data),
              let before = step.before.progress, before.status == .active, before.position == .step(stage: stageID, index: index),
              let stage = program.stage(stageID), let choice = stage.steps[safe: index], choice.kind == .choice,
              before.choices[UserProgress.key(stage: stageID, step: choice.id)] != nil, step.settled,
              let following = stage.shownIndices(choices: before.choices).first(where: { $0 > index }) else { return }
        let opened = stage.steps[following]
        exercised["branch \(before.choices[UserProgress.key(stage: stageID, step: choice.id)] ?? "")", default: 0] += 1
        if progress.position != .step(stage: stageID, index: following) {
            find(.branch, step, "Next after \(choice.id) went to \(progress.position), not \(stageID).\(opened.id)")
        } else if !messages.contains(where: { content.shows("step:\(stageID).\(opened.id)", program: program.id, locale: locale,
                                                             in: shownWords($0)) }) {
            find(.branch, step, "Next after \(choice.id) did not show \(stageID).\(opened.id): \(Self.heads(messages))")
        }
    }

    // MARK: Starting over

    /// A new journey keeps the one left behind (its words and manifesto) after the earlier ones;
    /// within a journey the kept ones never change.
    private func checkEarlierJourneys(_ step: StepContext) {
        guard let before = step.before.progress, let after = step.after.progress else { return }
        let kept = before.earlierJourneys ?? []
        let now = after.earlierJourneys ?? []
        guard before.startedAt != after.startedAt else {
            if kept != now { find(.earlierJourneys, step, "earlier journeys changed within a journey by \(step.action)") }
            return
        }
        let hadWords = before.wish != nil || !before.answers.isEmpty || !before.choices.isEmpty
            || !(before.reflections ?? [:]).isEmpty || before.manifesto != nil
        let expectedCount = min(kept.count + (hadWords ? 1 : 0), EarlierJourney.kept)
        guard now.count == expectedCount, Array(now.dropLast(hadWords ? 1 : 0)) == Array(kept.suffix(expectedCount - (hadWords ? 1 : 0))) else {
            return find(.earlierJourneys, step, "starting over kept \(now.count) earlier journeys, expected \(expectedCount)")
        }
        exercised["started over\(hadWords ? " with words kept" : "")", default: 0] += 1
        guard hadWords, let last = now.last else { return }
        if last.wish != before.wish || last.answers != before.answers || last.choices != before.choices
            || (last.reflections ?? [:]) != (before.reflections ?? [:]) || last.manifesto != before.manifesto
            || last.startedAt != before.startedAt {
            find(.earlierJourneys, step, "the journey left behind was not kept as it was (manifesto kept: \(last.manifesto == before.manifesto))")
        }
    }

    // MARK: Manifesto

    /// The manifesto, when it is written, quotes the words the user gave that its template names
    /// (or, with fewer than two of them, the wish), and is shown as stored.
    private func checkManifesto(_ step: StepContext, _ content: WalkContent) {
        guard let progress = step.after.progress, let manifesto = progress.manifesto, step.before.progress?.manifesto == nil,
              step.before.progress?.startedAt == progress.startedAt,
              let program = content.catalog.program(id: progress.programID), let (_, locale) = reading(step.after, content),
              let template = program.texts[locale]?.stages.values.compactMap({ $0.manifesto }).first?.template else { return }
        let flat = StageTexts.normalised(manifesto).lowercased()
        if !step.new.contains(where: { StageTexts.normalised($0.text ?? "") == StageTexts.normalised(manifesto) }) {
            find(.ownWords, step, "the manifesto shown is not the one stored: \(Self.heads(step.new))")
        }
        var quotes: [(String, String)] = []
        for name in Self.placeholderNames(in: template) {
            let base = name.split(separator: "|")[0]
            var value: String?
            if base == "wish" { value = progress.wish }
            if base.hasPrefix("reflection:") { value = progress.reflections?[String(base.dropFirst(11))] }
            if base.hasPrefix("answer:") {
                let key = String(base.dropFirst(7))
                value = progress.answers[key] ?? progress.choices[key].flatMap { program.texts[locale]?.choices[$0] }
            }
            if let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { quotes.append((String(base), value)) }
        }
        let required = quotes.count < 2 ? quotes.filter { $0.0 == "wish" } : quotes
        exercised["manifesto (\(quotes.count) quotes)", default: 0] += 1
        for (name, value) in required {
            let words = StageTexts.normalised(String(value.split(whereSeparator: \.isNewline).joined(separator: " ")
                .trimmingCharacters(in: .whitespaces).prefix(20))).lowercased()
            if !words.isEmpty, !flat.contains(words) {
                find(.ownWords, step, "the manifesto leaves out the user's \(name) “\(value.prefix(40))”")
            }
        }
    }

    static func placeholderNames(in template: String) -> [String] {
        guard let pattern = try? NSRegularExpression(pattern: #"\{([a-z][a-zA-Z0-9_.:|-]*)\}"#) else { return [] }
        let range = NSRange(template.startIndex..., in: template)
        return pattern.matches(in: template, range: range).compactMap { Range($0.range(at: 1), in: template).map { String(template[$0]) } }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
