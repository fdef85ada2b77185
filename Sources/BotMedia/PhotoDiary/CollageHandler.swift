import Bot
import Foundation
import Media

/// Runs "collage" tasks: the before/after collage of two diary photos (side by side when
/// landscape, stacked when portrait), cached by the pair it shows.
struct CollageHandler: MediaTaskHandler {
    static let kind = MediaTaskKind.collage
    var kind: String { Self.kind }
    let renders: RenderTaskRunner
    let renderer: CollageRenderer

    init(workers: MediaWorkers, blobs: any BlobStore, scratch: URL, database: any Store, strings: BotStrings,
                fonts: MediaFonts) {
        renders = RenderTaskRunner(workers: workers, blobs: blobs, scratch: scratch, database: database,
                                   messages: PhotoDiaryMessages(strings: strings))
        renderer = CollageRenderer(fonts: fonts)
    }

    func perform(_ task: MediaTask) async throws -> MediaTaskCompletion {
        let messages = renders.messages, renderer = renderer
        return try await renders.run(task, kind: kind, minimum: 2, caption: { photos, locale in
            messages.text("collage_caption", locale, ["first": String(photos.first?.day ?? 1),
                                                       "last": String(photos.last?.day ?? 1)])
        }, draw: { photos, files, locale in
            // The pair in day order: the earlier photo is "before" whichever was picked first.
            let labelled = zip(photos, files).prefix(2).map { photo, file in
                LabeledPhoto(source: .file(file), label: messages.dayLabel(photo.day, locale))
            }
            return try renderer.render(before: labelled[0], after: labelled[1], layout: .automatic)
        })
    }
}
