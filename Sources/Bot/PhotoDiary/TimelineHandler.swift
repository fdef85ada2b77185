import Foundation
import Media

/// Runs "timeline" tasks: every diary photo in day order as a captioned grid with the
/// green-coverage curve under it, cached by the set it shows.
public struct TimelineHandler: MediaTaskHandler {
    public static let kind = "timeline"
    public var kind: String { Self.kind }
    let renders: RenderTaskRunner
    let renderer: TimelineRenderer

    public init(workers: MediaWorkers, blobs: FileBlobStore, database: any Store, strings: BotStrings, fonts: MediaFonts) {
        renders = RenderTaskRunner(workers: workers, blobs: blobs, database: database, messages: PhotoDiaryMessages(strings: strings))
        renderer = TimelineRenderer(fonts: fonts, layout: .phone)
    }

    public func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let messages = renders.messages, renderer = renderer
        return try await renders.run(task, kind: kind, minimum: 2, caption: { photos, locale in
            messages.text("timeline_caption", locale, ["count": String(photos.count)])
        }, draw: { photos, blobs, locale in
            let entries = photos.prefix(TimelineRenderer.maximumPhotos).map {
                TimelineEntry(source: $0.source(in: blobs), day: $0.day,
                              label: messages.dayLabel($0.day, locale), greenCoverage: $0.greenCoverage)
            }
            return try renderer.render(Array(entries), curve: GrowthCurveLabels(title: messages.text("timeline_curve_title", locale),
                                                                            locale: locale))
        })
    }
}
