import Foundation
import Testing
@testable import Media
import TestSupport

extension MediaTests {
    @Suite("libvips objects are all released")
    struct LeakTests {
        @Test("after ingests, refusals, collages and timelines the libvips object count is back to its baseline")
        func noLeaks() async throws {
            let fonts = try MediaFonts(directory: ProjectPaths.root.appendingPathComponent("assets/fonts"))
            let upload = try Fixtures.jpeg(Fixtures.solid(.green, width: 900, height: 700))
            let truncated = try Fixtures.noisyJPEG()
            func work() throws {
                _ = try PhotoIngest().ingest(upload)
                _ = try? PhotoIngest().ingest(truncated.prefix(truncated.count / 2))
                _ = try? PhotoIngest().ingest(Data("no".utf8))
                let photo = LabeledPhoto(data: upload, label: "День 1")
                _ = try CollageRenderer(fonts: fonts).render(before: photo, after: photo, layout: .contract)
                _ = try CollageRenderer(fonts: fonts).render(before: photo, after: photo, layout: .automatic)
                _ = try TimelineRenderer(fonts: fonts).render(
                    [TimelineEntry(data: upload, day: 1, label: "1", greenCoverage: 0.1),
                     TimelineEntry(data: upload, day: 2, label: "2", greenCoverage: 0.2)],
                    curve: GrowthCurveLabels(title: "Green"))
                _ = try GreenCoverage().share(ofEncoded: upload)
            }
            try work()  // warm-up: fonts and loaders register their long-lived objects once
            // Other test targets in this process (the bot's photo diary end-to-end tests) may be
            // decoding at the same moment: the baseline is the lowest count seen over a short
            // while, and the final count may take a moment to come back down to it.
            let baseline = try await quietCount()
            for _ in 0..<3 { try work() }
            _ = try await eventually(within: .seconds(5)) { MediaRuntime.liveObjectCount <= baseline }
            // A leak keeps the count above the baseline; below it is fine (images another suite
            // held while the baseline was taken have been freed since).
            #expect(MediaRuntime.liveObjectCount <= baseline)
        }

        private func quietCount() async throws -> Int {
            var lowest = MediaRuntime.liveObjectCount
            for _ in 0..<20 {
                try await Task.sleep(for: .milliseconds(10)) // samples over a short window, not a wait for an event
                lowest = min(lowest, MediaRuntime.liveObjectCount)
            }
            return lowest
        }
    }
}
