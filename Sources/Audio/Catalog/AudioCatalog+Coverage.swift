import Foundation
public import Program

/// What `sogreto content check` asks of a catalog beyond valid entries: a listener gets every
/// practice of their program and language as audio, and a theme lasts as long as a practice.
extension AudioCatalog {
    /// How far a rendered theme may fall outside `Narration.practiceSeconds` before it is refused
    /// (the voice's real pace differs a little from the estimate content check makes).
    static let practiceTolerance = 0.1

    /// Theme recordings far from the 3–10 minutes a practice lasts. The bot still sends them;
    /// content check refuses them, so a catalog that shortchanges listeners is not shipped.
    public func practiceLengthProblems() -> [AudioProblem] {
        let bounds = Narration.practiceSeconds
        let lowest = bounds.lowerBound * (1 - Self.practiceTolerance), highest = bounds.upperBound * (1 + Self.practiceTolerance)
        return zip(tracks, indices).compactMap { track, index in
            guard case .theme = track.target, track.durationSeconds < lowest || track.durationSeconds > highest else { return nil }
            let message = String(format: "%@ lasts %.0f s; a theme is a whole practice of %d–%d minutes: give its narration "
                                 + "the practice's silences ({pause:N}) and run `sogreto audio build`",
                                 track.file, track.durationSeconds, Int(bounds.lowerBound) / 60, Int(bounds.upperBound) / 60)
            return AudioProblem(file: manifestName, jsonPath: "$.tracks[\(index)]", message: message, trackIndex: index)
        }
    }

    /// Practices without a recording in a program that has recordings: in each of its languages
    /// with recordings or a narration voice (a listener would get text for them), in build order.
    public func missingTracks(against programs: ProgramCatalog) -> [AudioProblem] {
        var problems: [AudioProblem] = []
        for program in programs.programs {
            let recorded = Set(tracks.filter { $0.program == program.id }.map(\.locale))
            guard !recorded.isEmpty else { continue }
            let locales = Set(program.locales.filter { recorded.contains($0) || NarrationVoice.byLocale[$0] != nil })
            for job in NarrationPlanner.jobs(for: program, locales: locales)
            where track(program: job.program, locale: job.locale, target: job.target) == nil {
                problems.append(AudioProblem(file: manifestName, jsonPath: "$.tracks",
                                             message: "no recording of \(job.program) \(job.locale) \(job.target) "
                                                 + "(\(job.generatedFile)); run `sogreto audio build`"))
            }
        }
        return problems
    }
}
