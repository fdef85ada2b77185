import Foundation

/// Turns manifest entries into tracks, reporting entries that cannot be tracks.
struct AudioManifestReader {
    let manifest: AudioManifest
    let directory: URL
    let name: String

    func catalog() -> AudioCatalog {
        var problems: [AudioProblem] = []
        if manifest.formatVersion != AudioManifest.currentFormatVersion {
            problems.append(AudioProblem(file: name, jsonPath: "$.formatVersion",
                                         message: "format version \(manifest.formatVersion) is not \(AudioManifest.currentFormatVersion); rebuild with `sogreto audio build`"))
            return AudioCatalog(directory: directory, manifestName: name, tracks: [], indices: [], loadProblems: problems)
        }
        var tracks: [AudioTrack] = []
        var indices: [Int] = []
        for (index, entry) in manifest.tracks.enumerated() {
            switch track(entry, index: index) {
            case .success(let track):
                tracks.append(track)
                indices.append(index)
            case .failure(let problem):
                problems.append(problem.problem)
            }
        }
        return AudioCatalog(directory: directory, manifestName: name, tracks: tracks, indices: indices, loadProblems: problems)
    }

    private func stamp(_ entry: AudioManifest.Entry) -> FileStamp? {
        guard let size = entry.fileSize, let modified = entry.fileModifiedNanoseconds else { return nil }
        return FileStamp(size: size, modifiedNanoseconds: modified)
    }

    private struct EntryProblem: Error { let problem: AudioProblem }

    private func track(_ entry: AudioManifest.Entry, index: Int) -> Result<AudioTrack, EntryProblem> {
        func problem(_ key: String?, _ message: String) -> Result<AudioTrack, EntryProblem> {
            .failure(EntryProblem(problem: AudioProblem(file: name, jsonPath: "$.tracks[\(index)]" + (key.map { ".\($0)" } ?? ""),
                                                        message: message, trackIndex: index)))
        }
        let required: [(String, String?)] = [("program", entry.program), ("locale", entry.locale), ("file", entry.file),
                                             ("title", entry.title), ("narrator", entry.narrator), ("sha256", entry.sha256)]
        for (key, value) in required where (value ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            return problem(key, "missing or empty \"\(key)\"")
        }
        guard let duration = entry.durationSeconds, duration > 0 else {
            return problem("durationSeconds", "missing or not a positive number of seconds")
        }
        let target: AudioTarget
        switch (entry.stage, entry.step, entry.theme) {
        case (let stage?, let step?, nil): target = .step(stage: stage, step: step)
        case (let stage?, nil, nil): target = .stage(stage)
        case (nil, nil, let theme?): target = .theme(theme)
        default: return problem(nil, "a track names \"stage\" and \"step\", or \"theme\", or a \"stage\" alone (the manifesto)")
        }
        guard let program = entry.program, let locale = entry.locale, let file = entry.file, let title = entry.title,
              let narrator = entry.narrator, let sha256 = entry.sha256 else { return problem(nil, "missing fields") }
        if file.hasPrefix("/") || file.split(separator: "/").contains("..") {
            return problem("file", "\"\(file)\" must be a path inside the audio folder (no leading / or ..)")
        }
        return .success(AudioTrack(program: program, locale: locale, target: target, file: file,
                                   url: directory.appendingPathComponent(file), title: title, narrator: narrator,
                                   durationSeconds: duration, sha256: sha256.lowercased(), stamp: stamp(entry),
                                   script: entry.script))
    }
}
