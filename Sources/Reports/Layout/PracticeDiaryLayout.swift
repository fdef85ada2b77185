import Foundation

/// Turns diary data into pages of drawing operations: pure, no libharu, so every layout
/// decision (page breaks, wrapping, what a mid-program diary omits) is testable by value.
struct PracticeDiaryLayout {
    let data: PracticeDiaryData
    let strings: PracticeDiaryStrings
    let assets: PracticeDiaryAssets
    /// Photos read before layout, keyed by `PracticeDiaryData.Photo.path`.
    let photos: [String: JPEGPhoto]

    var flow = PageFlow()
    /// Whether the stage just laid out showed only its heading: the next one then follows on the
    /// same page instead of leaving a page nearly blank.
    private var lastStageWasBare = false

    init(data: PracticeDiaryData, strings: PracticeDiaryStrings, assets: PracticeDiaryAssets, photos: [String: JPEGPhoto]) {
        self.data = data
        self.strings = strings
        self.assets = assets
        self.photos = photos
    }

    /// Lays out the whole diary: cover, stages, growth, before/after, manifesto, statistics.
    mutating func pages() -> [LaidOutPage] {
        flow = PageFlow()
        lastStageWasBare = false
        let (byStage, unassigned) = Self.assignPhotos(data.photos, to: data.stages)
        cover()
        for (index, stage) in data.stages.enumerated() {
            self.stage(stage, number: index + 1, photos: byStage[index])
        }
        if !unassigned.isEmpty { looseSection(unassigned) }
        growthAndComparison()
        closing()
        var pages = flow.pages
        addPageNumbers(&pages)
        return (PracticeDiaryPalette(hex: data.accent) ?? .sogreto).recolour(pages)
    }

    /// Which stage each photo belongs to: its `stageId` when it names a stage, otherwise the
    /// stage reached last on or before the day it was taken (the first stage for earlier photos).
    static func assignPhotos(_ photos: [PracticeDiaryData.Photo],
                             to stages: [PracticeDiaryData.Stage]) -> (byStage: [[PracticeDiaryData.Photo]], unassigned: [PracticeDiaryData.Photo]) {
        var byStage = Array(repeating: [PracticeDiaryData.Photo](), count: stages.count)
        var unassigned: [PracticeDiaryData.Photo] = []
        for photo in photos.sorted(by: { ($0.day, $0.path) < ($1.day, $1.path) }) {
            if let id = photo.stageId, let index = stages.firstIndex(where: { $0.id == id }) {
                byStage[index].append(photo)
            } else if let index = stages.lastIndex(where: { $0.reachedOn <= photo.takenOn }) {
                byStage[index].append(photo)
            } else if !stages.isEmpty {
                byStage[0].append(photo)
            } else {
                unassigned.append(photo)
            }
        }
        return (byStage, unassigned)
    }

    // MARK: Cover

    private mutating func cover() {
        flow.advance(64)
        label(strings.coverLabel)
        flow.advance(10)
        paragraph(data.userName, .coverName)
        flow.advance(4)
        paragraph(data.programTitle, .coverProgram)
        flow.advance(18)
        flow.rule(color: Theme.accent, width: 2, length: 48)
        flow.advance(18)
        paragraph(coverDates(), .meta)
        if let wish = nonEmpty(data.wish) {
            flow.advance(40)
            label(strings.wish)
            flow.advance(8)
            sideBarParagraph(wish, .wish)
        }
        if let photo = data.beforeAfter?.after ?? data.photos.max(by: { $0.day < $1.day }),
           let jpeg = photos[photo.path], flow.remaining > 240 {
            flow.advance(36)
            let boxHeight = min(flow.remaining - 24, 320)
            photoRow([(photo, jpeg)], columns: 1, boxHeight: boxHeight)
        }
    }

    private func coverDates() -> String {
        let start = strings.format(data.startDate)
        if let end = data.endDate {
            return PracticeDiaryStrings.fill(strings.dateRange, ["start": start, "end": strings.format(end)])
        }
        return PracticeDiaryStrings.fill(strings.startedOn, ["start": start]) + " · " + strings.inProgress
    }

    // MARK: Stages

    private mutating func stage(_ stage: PracticeDiaryData.Stage, number: Int, photos stagePhotos: [PracticeDiaryData.Photo]) {
        let showsManifesto = stage.holdsManifesto == true && nonEmpty(data.manifesto) != nil
        if lastStageWasBare, !showsManifesto { // the manifesto always has a page of its own
            flow.gap(36)
            flow.ensure(Self.stageHeadingHeight)
        } else {
            flow.newPage()
        }
        lastStageWasBare = stagePhotos.isEmpty && !stage.answers.contains { nonEmpty($0.answer) != nil }
            && (stage.themes ?? []).isEmpty && !(stage.holdsManifesto == true && nonEmpty(data.manifesto) != nil)
        let stageLabel = PracticeDiaryStrings.fill(strings.stage, ["n": String(number)])
        label(stageLabel + " · " + strings.format(stage.reachedOn))
        flow.advance(8)
        paragraph(stage.title, .title)
        let practices = stage.practiceTitles.compactMap { nonEmpty($0) }
        if !practices.isEmpty {
            flow.advance(2)
            let line = practices.count == 1
                ? PracticeDiaryStrings.fill(strings.practice, ["title": practices[0]])
                : PracticeDiaryStrings.fill(strings.practices, ["titles": practices.joined(separator: " · ")])
            paragraph(line, .meta)
        }
        flow.advance(14)
        flow.rule()
        flow.advance(20)
        // The plant first, then the reflections: a photo never ends up alone on a page.
        if !stagePhotos.isEmpty {
            photoGrid(stagePhotos)
            flow.gap(14)
        }
        for answer in stage.answers where nonEmpty(answer.answer) != nil {
            heldTogether(answer.question, answer.answer)
        }
        let themes = stage.themes ?? []
        if !themes.isEmpty {
            flow.ensure(TextStyle.label.leading + 10 + TextStyle.question.leading + 2 * TextStyle.answer.leading)
            label(strings.themesHeading)
            flow.advance(10)
            for theme in themes {
                let answer = nonEmpty(theme.answer).map { PracticeDiaryStrings.fill(strings.reflection, ["answer": $0]) }
                heldTogether(theme.title, [theme.note, answer].compactMap { nonEmpty($0) }.joined(separator: "\n"))
            }
        }
        if stage.holdsManifesto == true, let manifesto = nonEmpty(data.manifesto) {
            let (heading, body) = Self.splitHeading(manifesto)
            // The manifesto's own first line usually repeats the stage's name
            let repeats = heading.map { $0.lowercased().contains(stage.title.lowercased()) } ?? true
            sideBarParagraph(repeats ? body : manifesto, .manifesto)
            flow.gap(18)
        }
    }

    /// Room for a stage's label, title, practice line and rule with something under them.
    static let stageHeadingHeight = 220.0

    /// A small heading (a question, a theme) with the text under it, kept with at least two of
    /// its lines.
    mutating func heldTogether(_ heading: String, _ text: String) {
        let headingLines = lines(heading, .question)
        let textLines = nonEmpty(text) == nil ? 0 : 2
        flow.ensure(Double(headingLines.count) * TextStyle.question.leading + 6 + Double(textLines) * TextStyle.answer.leading)
        flow.lines(headingLines, style: .question)
        if textLines > 0 {
            flow.advance(5)
            paragraph(text, .answer)
        }
        flow.gap(18)
    }

    /// A text's own heading (a short first line with a blank line after it) and what follows.
    static func splitHeading(_ text: String) -> (heading: String?, body: String) {
        let parts = text.components(separatedBy: "\n\n")
        guard parts.count > 1, let first = parts.first, !first.contains("\n"), first.count <= 60 else { return (nil, text) }
        return (first, parts.dropFirst().joined(separator: "\n\n"))
    }

    private mutating func looseSection(_ loosePhotos: [PracticeDiaryData.Photo]) {
        flow.newPage()
        paragraph(strings.photosHeading, .title)
        flow.advance(20)
        photoGrid(loosePhotos)
    }

    // MARK: Page furniture

    private func addPageNumbers(_ pages: inout [LaidOutPage]) {
        let total = String(pages.count)
        for index in pages.indices where index > 0 {
            let text = clean(PracticeDiaryStrings.fill(strings.pageNumber, ["n": String(index + 1), "total": total]), .label)
            let width = assets.font(.label).width(of: text, size: TextStyle.footer.size)
            pages[index].ops.append(.text(TextRun(text: text, font: .label, size: TextStyle.footer.size,
                                                  origin: Point((Theme.pageWidth - width) / 2, Theme.footerBaseline),
                                                  color: TextStyle.footer.color)))
        }
    }

    // MARK: Building blocks

    func clean(_ text: String, _ font: FontRole) -> String {
        PrintableText.clean(text, for: assets.font(font))
    }

    func lines(_ text: String, _ style: TextStyle, width: Double = Theme.contentWidth) -> [String] {
        let text = style.uppercase ? text.uppercased(with: Locale(identifier: data.locale)) : text
        return LineBreaker(font: assets.font(style.font), size: style.size)
            .lines(clean(text, style.font), width: width - style.letterSpacing * 4)
    }

    mutating func paragraph(_ text: String, _ style: TextStyle) {
        flow.lines(lines(text, style), style: style)
    }

    mutating func label(_ text: String) {
        paragraph(text, .label)
    }

    /// A paragraph set off by a thin accent bar on its left, on every page it flows onto.
    mutating func sideBarParagraph(_ text: String, _ style: TextStyle) {
        let indent = 16.0
        let pieces = flow.lines(lines(text, style, width: Theme.contentWidth - indent), style: style, indent: indent)
        for piece in pieces {
            let bar: DrawOp = .path([.move(Point(flow.left + 1, piece.top - 2)), .line(Point(flow.left + 1, piece.bottom + 2))],
                                    PathStyle(fill: nil, stroke: Theme.accent, lineWidth: 2))
            flow.insert(bar, onPage: piece.page)
        }
    }

    func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }
}

/// A text style of the diary's hierarchy.
struct TextStyle {
    var font: FontRole
    var size: Double
    var leading: Double
    var color: RGB
    var letterSpacing: Double = 0
    var uppercase = false

    static let label = TextStyle(font: .label, size: 8.5, leading: 13, color: Theme.accentDark, letterSpacing: 1.1,
                                 uppercase: true)
    static let coverName = TextStyle(font: .text, size: 34, leading: 42, color: Theme.ink)
    static let coverProgram = TextStyle(font: .text, size: 17, leading: 24, color: Theme.muted)
    static let title = TextStyle(font: .text, size: 24, leading: 31, color: Theme.ink)
    static let meta = TextStyle(font: .label, size: 10, leading: 15, color: Theme.muted)
    static let question = TextStyle(font: .label, size: 10, leading: 14, color: Theme.accentDark)
    static let answer = TextStyle(font: .text, size: 11.5, leading: 17.5, color: Theme.ink)
    static let wish = TextStyle(font: .text, size: 15, leading: 22, color: Theme.ink)
    static let manifesto = TextStyle(font: .text, size: 13, leading: 20, color: Theme.ink)
    static let caption = TextStyle(font: .label, size: 8.5, leading: 12, color: Theme.muted)
    static let statLabel = TextStyle(font: .label, size: 10.5, leading: 16, color: Theme.muted)
    static let statValue = TextStyle(font: .text, size: 18, leading: 24, color: Theme.ink)
    static let footer = TextStyle(font: .label, size: 8.5, leading: 12, color: Theme.muted)
}

extension PageFlow {
    @discardableResult
    mutating func lines(_ lines: [String], style: TextStyle,
                        indent: Double = 0) -> [(page: Int, top: Double, bottom: Double)] {
        self.lines(lines, font: style.font, size: style.size, leading: style.leading, color: style.color,
                   indent: indent, letterSpacing: style.letterSpacing)
    }
}
