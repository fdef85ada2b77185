import Foundation
import Program

/// Decides which tracks a program gets: every step except menus (a list of recipes is for
/// reading), every theme, and the manifesto stage. A `narration` script wins over the screen text.
enum NarrationPlanner {
    static func jobs(for program: Program, locales: Set<String>? = nil) -> [NarrationJob] {
        var jobs: [NarrationJob] = []
        for locale in program.locales where locales?.contains(locale) ?? true {
            guard let texts = program.texts[locale] else { continue }
            for stage in program.stages {
                guard let stageTexts = texts.stages[stage.id] else { continue }
                let stageTitle = plain(stageTexts.title)
                switch stage.kind {
                case .steps(let steps):
                    for step in steps where step.kind != .menu {
                        guard let stepTexts = texts.stages[stage.id]?.steps[step.id] else { continue }
                        jobs.append(NarrationJob(program: program.id, locale: locale, target: .step(stage: stage.id, step: step.id),
                                                 title: "\(stageTitle) · \(plain(stepTexts.title))",
                                                 narration: narration(stepTexts.narration, screen: stepTexts.text), practice: stage.id))
                    }
                case .themes:
                    for themeID in program.themes?.pool ?? [] {
                        guard let theme = texts.themes[themeID] else { continue }
                        jobs.append(NarrationJob(program: program.id, locale: locale, target: .theme(themeID),
                                                 title: "\(stageTitle) · \(plain(theme.title))",
                                                 narration: narration(theme.narration, screen: theme.text), practice: "theme.\(themeID)"))
                    }
                case .manifesto:
                    guard let screen = stageTexts.intro else { continue }
                    jobs.append(NarrationJob(program: program.id, locale: locale, target: .stage(stage.id), title: stageTitle,
                                             narration: narration(stageTexts.narration, screen: screen), practice: stage.id))
                }
            }
        }
        return jobs
    }

    /// Content check already parsed the script, so a failure here cannot happen for loaded
    /// content; the screen text is the safe reading if it ever does.
    private static func narration(_ script: String?, screen: String) -> Narration {
        if let script, let parsed = try? Narration.parse(script: script) { return parsed }
        return Narration.fromScreenText(screen)
    }

    private static func plain(_ html: String) -> String {
        ((try? TelegramHTML.plainText(of: html)) ?? html).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
