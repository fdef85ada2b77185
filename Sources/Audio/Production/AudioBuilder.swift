import BlobStore
public import Foundation
public import Program

/// Produces the narrated tracks of every program and writes `manifest.json`: the one command
/// behind `sogreto audio build`. A studio recording at `studio/<program>/<locale>/<slug>.mp3`
/// replaces the generated narration of that track.
public struct AudioBuilder: Sendable {
    public let tools: AudioTools
    public let options: AudioBuildOptions

    public init(tools: AudioTools, options: AudioBuildOptions) {
        self.tools = tools
        self.options = options
    }

    public var manifestURL: URL { options.audioDirectory.appendingPathComponent("manifest.json") }

    public func build(programs catalog: ProgramCatalog) throws(AudioError) -> AudioBuildReport {
        let jobs = plannedJobs(catalog)
        guard !jobs.isEmpty else { throw AudioError(.content, "nothing to narrate: no program, locale or voice matched") }
        let work = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let renderer = TrackRenderer(tools: tools, workDirectory: work)

        let studio = jobs.compactMap { job in studioFile(for: job).map { (job, $0) } }
        let studioSlugs = Set(studio.map { key($0.0) })
        let previous = previousEntries()
        var built: [AudioBuildReport.BuiltTrack] = []
        var generated: [NarrationJob] = []
        for job in jobs where !studioSlugs.contains(key(job)) {
            if let reused = reusable(job, previous: previous[key(job)]) { built.append(reused) } else { generated.append(job) }
        }

        let stems = try collect(ParallelWork.map(generated, workers: options.workers) { job in
            Result { () throws(AudioError) in try renderer.renderVoice(job, voice: voice(for: job)) }
        })
        if let longest = stems.map(\.levels.durationSeconds).max() {
            let bed = try BackgroundBed.make(seconds: longest, in: work, tools: tools)
            built += try collect(ParallelWork.map(stems, workers: options.workers) { stem in
                Result { () throws(AudioError) in try finish(stem, bed: bed, renderer: renderer) }
            })
        }
        built += try studio.map { job, url throws(AudioError) in try studioTrack(job, url: url, previous: previous[key(job)]) }
        let order = Dictionary(jobs.enumerated().map { (key($1), $0) }, uniquingKeysWith: { first, _ in first })
        built.sort { (order[key($0.track)] ?? 0) < (order[key($1.track)] ?? 0) }

        let manifest = try mergedManifest(built)
        try manifest.write(to: manifestURL)
        return AudioBuildReport(tracks: built, practices: practices(jobs, built), manifest: manifest)
    }

    private func plannedJobs(_ catalog: ProgramCatalog) -> [NarrationJob] {
        catalog.programs.filter { options.programs?.contains($0.id) ?? true }.flatMap { program in
            NarrationPlanner.jobs(for: program, locales: options.locales).filter { NarrationVoice.byLocale[$0.locale] != nil }
        }
    }

    private func voice(for job: NarrationJob) throws(AudioError) -> NarrationVoice {
        guard let voice = NarrationVoice.byLocale[job.locale] else { throw AudioError(.content, "no narration voice for locale \(job.locale)") }
        return voice
    }

    private func finish(_ stem: TrackRenderer.VoiceStem, bed: BackgroundBed, renderer: TrackRenderer) throws(AudioError) -> AudioBuildReport.BuiltTrack {
        let file = stem.job.generatedFile
        let output = options.audioDirectory.appendingPathComponent(file)
        let bedLevel = try renderer.mixAndEncode(stem, bed: bed, marginDB: options.bedMarginDB, output: output,
                                                 stemsDirectory: options.stemsDirectory)
        let track = try describe(stem.job, file: file, narrator: try voice(for: stem.job).narrator, script: stem.job.scriptHash)
        return AudioBuildReport.BuiltTrack(track: track, isStudio: false, isReused: false, voiceDBFS: stem.levels.activeDBFS,
                                           bedDBFS: bedLevel, source: source(of: stem.job))
    }

    /// What a generated track is made from; any change to it (script, title, voice, mix
    /// settings, this recipe's version) renders the track again.
    private func source(of job: NarrationJob) -> String? {
        guard let voice = NarrationVoice.byLocale[job.locale] else { return nil }
        let recipe = "recipe 1|\(job.title)|\(job.narration.parts)|\(voice)|margin \(options.bedMarginDB)|"
            + "lead \(TrackRenderer.leadIn) tail \(TrackRenderer.tail) fades \(TrackRenderer.fadeIn) \(TrackRenderer.fadeOut)"
        return BlobKey.of(Data(recipe.utf8)).hex
    }

    /// The previous build's track when it was made from the same source and its file is intact
    /// (same size and mtime as recorded, or else the same checksum).
    private func reusable(_ job: NarrationJob, previous entry: AudioManifest.Entry?) -> AudioBuildReport.BuiltTrack? {
        guard !options.rebuildAll, options.stemsDirectory == nil, let entry, let source = source(of: job), entry.source == source,
              entry.file == job.generatedFile, let narrator = entry.narrator, let duration = entry.durationSeconds,
              let sha256 = entry.sha256 else { return nil }
        let url = options.audioDirectory.appendingPathComponent(job.generatedFile)
        guard let stamp = FileStamp.of(url) else { return nil }
        let recorded = entry.fileSize.flatMap { size in entry.fileModifiedNanoseconds.map { FileStamp(size: size, modifiedNanoseconds: $0) } }
        if recorded != stamp {
            guard let data = FileManager.default.contents(atPath: url.path), BlobKey.of(data).hex == sha256 else { return nil }
        }
        let track = AudioTrack(program: job.program, locale: job.locale, target: job.target, file: job.generatedFile, url: url,
                               title: job.title, narrator: narrator, durationSeconds: duration, sha256: sha256, stamp: stamp,
                               script: job.scriptHash)
        return AudioBuildReport.BuiltTrack(track: track, isStudio: false, isReused: true, voiceDBFS: nil, bedDBFS: nil, source: source)
    }

    /// The current manifest's entries by track key (empty when there is none or it is unreadable).
    private func previousEntries() -> [String: AudioManifest.Entry] {
        guard let data = FileManager.default.contents(atPath: manifestURL.path), let old = try? AudioManifest.decode(data) else { return [:] }
        var entries: [String: AudioManifest.Entry] = [:]
        for entry in old.tracks {
            let target = entry.step.map { "\(entry.stage ?? "").\($0)" } ?? entry.theme.map { "theme.\($0)" } ?? entry.stage ?? ""
            entries["\(entry.program ?? "")/\(entry.locale ?? "")/\(target)"] = entry
        }
        return entries
    }

    private func studioFile(for job: NarrationJob) -> URL? {
        let url = options.audioDirectory.appendingPathComponent("studio/\(job.program)/\(job.locale)/\(job.target.slug).mp3")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// A studio file must already meet the catalog's format; it is described, never re-encoded.
    /// A new file is taken as read from today's script; the same file keeps the script it was
    /// catalogued with, so after a script change it stays stale until it is recorded again.
    private func studioTrack(_ job: NarrationJob, url: URL, previous: AudioManifest.Entry?) throws(AudioError) -> AudioBuildReport.BuiltTrack {
        let file = "studio/\(job.program)/\(job.locale)/\(job.target.slug).mp3"
        let credits = url.deletingLastPathComponent().appendingPathComponent("narrator.txt")
        let narrator = (try? String(contentsOf: credits, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        let data = FileManager.default.contents(atPath: url.path)
        let sameFile = previous?.file == file && data.map { BlobKey.of($0).hex } == previous?.sha256
        let script = sameFile ? previous?.script ?? job.scriptHash : job.scriptHash
        let track = try describe(job, file: file, narrator: narrator.flatMap { $0.isEmpty ? nil : $0 } ?? "Sogreto studio", script: script)
        return AudioBuildReport.BuiltTrack(track: track, isStudio: true, isReused: false, voiceDBFS: nil, bedDBFS: nil, source: nil)
    }

    /// Duration from the frames and checksum of the finished file, exactly as validation reads them.
    private func describe(_ job: NarrationJob, file: String, narrator: String, script: String) throws(AudioError) -> AudioTrack {
        let url = options.audioDirectory.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else { throw AudioError(.io, "cannot read \(file)") }
        let stream: MP3Stream
        do {
            stream = try MP3Probe.inspect(data)
        } catch {
            throw AudioError(error.reason, "\(file): \(error.description)")
        }
        let problems = MP3Requirements.problems(with: stream)
        guard problems.isEmpty else { throw AudioError(.notMP3, "\(file) \(problems.joined(separator: "; "))") }
        return AudioTrack(program: job.program, locale: job.locale, target: job.target, file: file, url: url, title: job.title,
                          narrator: narrator, durationSeconds: stream.durationSeconds, sha256: BlobKey.of(data).hex,
                          stamp: FileStamp.of(url), script: script)
    }

    /// Entries of programs and locales this build did not touch stay as they were.
    private func mergedManifest(_ built: [AudioBuildReport.BuiltTrack]) throws(AudioError) -> AudioManifest {
        let rebuilt = Set(built.map { "\($0.track.program)/\($0.track.locale)" })
        var entries: [AudioManifest.Entry] = []
        if options.programs != nil || options.locales != nil,
           let data = FileManager.default.contents(atPath: manifestURL.path),
           let old = try? AudioManifest.decode(data) {
            entries = old.tracks.filter { !rebuilt.contains("\($0.program ?? "")/\($0.locale ?? "")") }
        }
        entries += built.map { AudioManifest.Entry(track: $0.track, source: $0.source) }
        return AudioManifest(generatedBy: "sogreto audio build", tracks: entries)
    }

    private func practices(_ jobs: [NarrationJob], _ built: [AudioBuildReport.BuiltTrack]) -> [AudioBuildReport.Practice] {
        var durations: [String: Double] = [:]
        for item in built { durations[key(item.track)] = item.track.durationSeconds }
        var order: [String] = []
        var grouped: [String: (NarrationJob, Double, Int)] = [:]
        for job in jobs {
            let id = "\(job.program)/\(job.locale)/\(job.practice)"
            if grouped[id] == nil { order.append(id) }
            let current = grouped[id] ?? (job, 0, 0)
            grouped[id] = (current.0, current.1 + (durations[key(job)] ?? 0), current.2 + 1)
        }
        return order.compactMap { id in
            grouped[id].map { AudioBuildReport.Practice(program: $0.0.program, locale: $0.0.locale, id: $0.0.practice, seconds: $0.1, trackCount: $0.2) }
        }
    }

    private func key(_ job: NarrationJob) -> String { "\(job.program)/\(job.locale)/\(job.target.slug)" }
    private func key(_ track: AudioTrack) -> String { "\(track.program)/\(track.locale)/\(track.target.slug)" }

    private func collect<T>(_ results: [Result<T, AudioError>]) throws(AudioError) -> [T] {
        var values: [T] = []
        for result in results {
            switch result {
            case .success(let value): values.append(value)
            case .failure(let error): throw error
            }
        }
        return values
    }

    private func temporaryDirectory() throws(AudioError) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-audio-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw AudioError(.io, "cannot create a work folder: \(error.localizedDescription)")
        }
        return url
    }
}
