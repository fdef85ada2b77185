import BlobStore
import Foundation
import Program

/// Checks one track against the program content and its file on disk.
struct AudioTrackValidator {
    /// How far the manifest's duration may be from the one computed from the frames.
    static let durationTolerance = 0.5
    /// Telegram's upload limit for `sendAudio`.
    static let uploadLimit = 50 * 1024 * 1024

    let programs: ProgramCatalog
    let manifestName: String
    let scripts: NarrationScripts

    func problems(with track: AudioTrack, index: Int) -> [AudioProblem] {
        var messages: [(String, String)] = []
        if let reference = referenceProblem(track) { messages.append(("", reference)) }
        if scripts.isStale(track) {
            messages.append(("script", "recorded from an older script of \(track.target.slug): served as text until `sogreto audio build` makes it again"))
        }
        messages += fileProblems(track).map { ("file", $0) }
        return messages.map { key, message in
            AudioProblem(file: manifestName, jsonPath: "$.tracks[\(index)]" + (key.isEmpty ? "" : ".\(key)"),
                         message: message, trackIndex: index)
        }
    }

    private func referenceProblem(_ track: AudioTrack) -> String? {
        guard let program = programs.program(id: track.program) else { return "program \"\(track.program)\" does not exist" }
        guard program.locales.contains(track.locale) else {
            return "program \"\(track.program)\" has no locale \"\(track.locale)\" (it has \(program.locales.joined(separator: ", ")))"
        }
        switch track.target {
        case .step(let stageID, let stepID):
            guard let stage = program.stage(stageID) else { return "stage \"\(stageID)\" does not exist in \(program.id)" }
            if !stage.steps.contains(where: { $0.id == stepID }) { return "step \"\(stageID).\(stepID)\" does not exist in \(program.id)" }
        case .theme(let themeID):
            if !(program.themes?.pool.contains(themeID) ?? false) { return "theme \"\(themeID)\" does not exist in \(program.id)" }
        case .stage(let stageID):
            guard let stage = program.stage(stageID) else { return "stage \"\(stageID)\" does not exist in \(program.id)" }
            if stage.kind != .manifesto { return "stage \"\(stageID)\" has steps or themes: name the step or theme the track narrates" }
        }
        return nil
    }

    private func fileProblems(_ track: AudioTrack) -> [String] {
        let path = track.file
        if let recorded = track.stamp, FileStamp.of(track.url) == recorded {
            // Checked in full when the manifest was written and untouched since: not read again.
            return recorded.size > Self.uploadLimit ? ["\(path) is \(recorded.size / 1_048_576) MB; Telegram uploads at most 50 MB"] : []
        }
        guard let data = FileManager.default.contents(atPath: track.url.path) else { return ["\(path) is missing or unreadable"] }
        var problems: [String] = []
        if data.count > Self.uploadLimit { problems.append("\(path) is \(data.count / 1_048_576) MB; Telegram uploads at most 50 MB") }
        let checksum = BlobKey.of(data).hex
        if checksum != track.sha256 {
            problems.append("\(path) has checksum \(checksum), the manifest says \(track.sha256): the file changed; rebuild or update the manifest")
        }
        do {
            let stream = try MP3Probe.inspect(data)
            problems += MP3Requirements.problems(with: stream).map { "\(path) \($0)" }
            if abs(stream.durationSeconds - track.durationSeconds) > Self.durationTolerance {
                problems.append(String(format: "%@ lasts %.1f s, the manifest says %.1f s", path, stream.durationSeconds, track.durationSeconds))
            }
        } catch {
            problems.append("\(path): \(error.description)")
        }
        return problems
    }
}
