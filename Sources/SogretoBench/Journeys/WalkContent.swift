import Foundation
import Program

/// The programs as the bot loads them (the same catalog, the same engine functions), for the
/// checks of the conversation features: which step a "Why?" explains, which branch a text
/// belongs to, which day a micro-practice is on, which theme is open.
struct WalkContent: Sendable {
    let engine: ProgramEngine
    /// Per "program.locale": the pieces of text that belong to one source only, by source.
    let pieces: [String: [String: [String]]]

    var catalog: ProgramCatalog { engine.catalog }

    static func load(assets: URL) throws -> WalkContent {
        let catalog = try ProgramCatalog.load(from: assets.appendingPathComponent("programs"),
                                              uiStrings: assets.appendingPathComponent("locales"))
        var pieces: [String: [String: [String]]] = [:]
        for program in catalog.programs {
            for (locale, texts) in program.texts {
                pieces["\(program.id).\(locale)"] = uniquePieces(program: program, texts: texts)
            }
        }
        return WalkContent(engine: ProgramEngine(catalog: catalog), pieces: pieces)
    }

    /// Source keys: `step:S.ID`, `why:S.ID`, `theme:ID`, `themeWhy:ID`, `themeQuestion:ID`,
    /// `micro:ID`, `microQuestion:ID`, `other:…`. A piece shared by two sources names neither.
    private static func uniquePieces(program: Program, texts: ProgramTexts) -> [String: [String]] {
        var sources: [String: [String]] = [:]
        for stage in program.stages {
            guard let stageTexts = texts.stages[stage.id] else { continue }
            sources["other:\(stage.id).unlock"] = StageTexts.pieces(of: stageTexts.unlock)
            sources["other:\(stage.id).intro"] = stageTexts.intro.map(StageTexts.pieces(of:)) ?? []
            for step in stage.steps {
                guard let stepTexts = stageTexts.steps[step.id] else { continue }
                sources["step:\(stage.id).\(step.id)"] = StageTexts.pieces(of: stepTexts.text)
                sources["why:\(stage.id).\(step.id)"] = stepTexts.why.map(StageTexts.pieces(of:)) ?? []
            }
            if let manifesto = stageTexts.manifesto {
                sources["other:\(stage.id).template"] = StageTexts.pieces(of: manifesto.template)
            }
        }
        for (id, theme) in texts.themes {
            sources["theme:\(id)"] = StageTexts.pieces(of: theme.text)
            sources["themeWhy:\(id)"] = theme.why.map(StageTexts.pieces(of:)) ?? []
            sources["themeQuestion:\(id)"] = theme.question.map(StageTexts.pieces(of:)) ?? []
        }
        for (id, micro) in texts.micro {
            sources["micro:\(id)"] = StageTexts.pieces(of: micro.text)
            sources["microQuestion:\(id)"] = micro.question.map(StageTexts.pieces(of:)) ?? []
        }
        var owners: [String: Set<String>] = [:]
        for (source, list) in sources {
            for piece in list { owners[piece, default: []].insert(source) }
        }
        return sources.mapValues { list in Array(Set(list.filter { owners[$0]?.count == 1 })) }
    }

    /// Whether `text` (normalised) holds a piece of `source`.
    func shows(_ source: String, program: String, locale: String, in text: String) -> Bool {
        pieces["\(program).\(locale)"]?[source]?.contains { StageTexts.occurs($0, in: text) } ?? false
    }

    /// The sources of `kind` (`why`, `themeWhy`, …) whose pieces `text` holds, without the prefix.
    func sources(_ kind: String, program: String, locale: String, in text: String) -> [String] {
        (pieces["\(program).\(locale)"] ?? [:]).compactMap { source, list in
            source.hasPrefix(kind + ":") && list.contains { StageTexts.occurs($0, in: text) }
                ? String(source.dropFirst(kind.count + 1)) : nil
        }.sorted()
    }

    /// The theme a press of `p:wt:slot` explains now, nil when the slot is not the open current one.
    func openTheme(slot: Int, progress: UserProgress, now: Date, zone: TimeZone) -> String? {
        guard progress.position == .theme(slot: slot) else { return nil }
        let opened = engine.themesOpened(by: progress, now: now, timeZone: zone)
        return opened.count == slot + 1 ? opened.last : nil
    }

    /// The micro-practice whose Answer acts now: its question is the open one (its day has come,
    /// no later one has, and the user opened no stage since).
    func openMicro(_ id: String, progress: UserProgress, now: Date, zone: TimeZone, locale: String) -> MicroPractice? {
        let open = engine.openMicroQuestion(of: progress, now: now, timeZone: zone, locale: locale)
        return open?.id == id ? open : nil
    }
}
