import ArgumentParser
import Audio
import Foundation
import Program

/// The audio part of `sogreto content check`: the manifest's entries against the content and
/// their files. A missing manifest is fine unless a folder was named explicitly (tracks are
/// build outputs; `sogreto audio build` makes them).
enum AudioCheck {
    static func run(explicitFolder: URL?, defaultFolder: URL, programs: ProgramCatalog) throws {
        let folder = (explicitFolder ?? defaultFolder).standardizedFileURL
        let manifest = folder.appendingPathComponent("manifest.json")
        guard FileManager.default.fileExists(atPath: manifest.path) else {
            if explicitFolder != nil {
                print("\(manifest.path): $: no audio manifest; run `sogreto audio build`")
                FileHandle.standardError.write(Data("content check failed: no audio manifest\n".utf8))
                throw ExitCode.failure
            }
            print("audio: no manifest at \(manifest.path); skipped (build it with `sogreto audio build`)")
            return
        }
        do {
            let catalog = try AudioCatalog.load(from: manifest)
            let (usable, invalid) = catalog.validated(against: programs)
            let problems = invalid + usable.practiceLengthProblems() + usable.missingTracks(against: programs)
            for problem in problems { print(problem.description) }
            guard problems.isEmpty else {
                FileHandle.standardError.write(Data("content check failed: \(problems.count) audio problem\(problems.count == 1 ? "" : "s")\n".utf8))
                throw ExitCode.failure
            }
            let minutes = usable.tracks.reduce(0) { $0 + $1.durationSeconds } / 60
            print(String(format: "audio: %d tracks, %.1f minutes, all valid.", usable.tracks.count, minutes))
        } catch let error as AudioError {
            print("\(manifest.path): $: \(error.description)")
            FileHandle.standardError.write(Data("content check failed: the audio manifest is unusable\n".utf8))
            throw ExitCode.failure
        }
    }
}
