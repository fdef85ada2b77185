import Bot
import Foundation
import Media

/// Runs "timeline" tasks: every diary photo in day order as a captioned grid with the
/// green-coverage curve under it, cached by the set it shows.
struct TimelineHandler: MediaTaskHandler {
    static let kind = MediaTaskKind.timeline
    var kind: String { Self.kind }
    let renders: RenderTaskRunner
    let renderer: TimelineRenderer

    init(workers: MediaWorkers, blobs: any BlobStore, scratch: URL, database: any Store, strings: BotStrings,
                fonts: MediaFonts) {
        renders = RenderTaskRunner(workers: workers, blobs: blobs, scratch: scratch, database: database,
                                   messages: PhotoDiaryMessages(strings: strings))
        renderer = TimelineRenderer(fonts: fonts, layout: .phone)
    }

    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let messages = renders.messages, renderer = renderer
        return try await renders.run(task, kind: kind, minimum: 2, caption: { photos, locale in
            messages.text("timeline_caption", locale, ["count": String(photos.count)])
        }, draw: { photos, files, locale in
            let entries = zip(photos, files).prefix(TimelineRenderer.maximumPhotos).map { photo, file in
                TimelineEntry(source: .file(file), day: photo.day,
                              label: messages.dayLabel(photo.day, locale), greenCoverage: photo.greenCoverage)
            }
            return try renderer.render(Array(entries), curve: GrowthCurveLabels(title: messages.text("timeline_curve_title", locale),
                                                                            locale: locale))
        })
    }
}
