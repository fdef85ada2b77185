import ArgumentParser
import Audio
import Bot
import Foundation
import Program

/// `sogreto audio build`: narrates the program texts into MP3 tracks and writes the manifest.
struct AudioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio",
        abstract: "Produce the narrated practice tracks.",
        subcommands: [Build.self]
    )

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Narrate every practice (espeak-ng placeholder voice, sox bed, lame 128 kbps CBR) and write audio/manifest.json.",
            discussion: """
            Needs espeak-ng, sox and lame on PATH. Tracks go to <audio>/generated/ (git-ignored); a studio \
            recording at <audio>/studio/<program>/<locale>/<slug>.mp3 is used instead of narration for that track. \
            The manifest is written atomically; `sogreto content check` validates it.
            """
        )

        @Option(help: "The programs folder (default: where `sogreto run` finds the assets).")
        var programs: String?

        @Option(help: "The folder with program.<locale>.json UI strings (default: <assets>/locales).")
        var locales: String?

        @Option(help: "The audio folder: manifest.json, generated/, studio/ (default: $SOGRETO_AUDIO_DIR, else audio beside the assets folder).")
        var audio: String?

        @Option(name: .customLong("program"), help: "Build only this program (repeatable); other entries are kept.")
        var onlyPrograms: [String] = []

        @Option(name: .customLong("locale"), help: "Build only this locale (repeatable); other entries are kept.")
        var onlyLocales: [String] = []

        @Option(help: "Tools run at once.")
        var jobs: Int = 2

        @Option(help: "Keep voice and bed stems (WAV) in this folder to measure the mix (renders every track).")
        var stems: String?

        @Flag(help: "Render every track, even those whose script and settings did not change since the last build.")
        var rebuild = false

        func validate() throws {
            guard (1...16).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 16.") }
        }

        func run() throws {
            let programsURL = programs.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? ContentCommand.Check.defaultPrograms()
            let localesURL = locales.map { URL(fileURLWithPath: $0) } ?? programsURL.deletingLastPathComponent().appendingPathComponent("locales")
            let catalog: ProgramCatalog
            do {
                catalog = try ProgramCatalog.load(from: programsURL, uiStrings: localesURL)
            } catch {
                for problem in error.problems { print(problem.description) }
                throw fail("program content is invalid; fix it first (`sogreto content check`)")
            }
            let audioURL = audio.map { URL(fileURLWithPath: $0).standardizedFileURL }
                ?? AssetsLocation.audio(environment: ProcessInfo.processInfo.environment, assets: programsURL.deletingLastPathComponent(),
                                        workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            let options = AudioBuildOptions(audioDirectory: audioURL, workers: jobs,
                                            programs: onlyPrograms.isEmpty ? nil : Set(onlyPrograms),
                                            locales: onlyLocales.isEmpty ? nil : Set(onlyLocales),
                                            stemsDirectory: stems.map { URL(fileURLWithPath: $0) }, rebuildAll: rebuild)
            let started = ContinuousClock.now
            do {
                let builder = AudioBuilder(tools: try AudioTools.locate(), options: options)
                var report = try builder.build(programs: catalog)
                report.elapsedSeconds = Self.seconds(ContinuousClock.now - started)
                print(Self.summary(report, manifest: builder.manifestURL))
                if report.practices.contains(where: { !$0.isWithinBounds }) {
                    FileHandle.standardError.write(Data("warning: some practices are outside 3–10 minutes (marked !)\n".utf8))
                }
            } catch {
                throw fail(error.description)
            }
        }

        private func fail(_ reason: String) -> ExitCode {
            FileHandle.standardError.write(Data("audio build failed: \(reason)\n".utf8))
            return ExitCode.failure
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        static func summary(_ report: AudioBuildReport, manifest: URL) -> String {
            var lines = report.tracks.map { item in
                let levels = item.voiceDBFS.map { voice in
                    String(format: "voice %.1f dBFS, bed %.1f dBFS", voice, item.bedDBFS ?? 0)
                } ?? (item.isStudio ? "studio" : "unchanged, kept")
                return String(format: "%@  %6.1f s  %@", item.track.file, item.track.durationSeconds, levels)
            }
            lines.append("practices:")
            for practice in report.practices {
                let mark = practice.isWithinBounds ? " " : "!"
                lines.append(String(format: "%@ %@/%@ %@: %d track(s), %d:%02d", mark, practice.program, practice.locale, practice.id,
                                    practice.trackCount, Int(practice.seconds) / 60, Int(practice.seconds) % 60))
            }
            let total = report.tracks.reduce(0) { $0 + $1.track.durationSeconds }
            let rendered = report.tracks.filter { !$0.isReused && !$0.isStudio }.count
            lines.append(String(format: "OK: %d tracks (%d rendered), %.1f minutes of audio in %.1f s; manifest %@", report.tracks.count, rendered,
                                total / 60, report.elapsedSeconds, manifest.path))
            return lines.joined(separator: "\n")
        }
    }
}
