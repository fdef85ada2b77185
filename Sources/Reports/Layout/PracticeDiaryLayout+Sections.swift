import Foundation

/// The photo blocks and the closing sections of the diary.
extension PracticeDiaryLayout {
    // MARK: Photos

    /// Photos in rows: one wide photo alone, otherwise two per row.
    mutating func photoGrid(_ list: [PracticeDiaryData.Photo]) {
        let items = list.compactMap { photo in photos[photo.path].map { (photo, $0) } }
        guard !items.isEmpty else { return }
        if items.count == 1 {
            photoRow(items, columns: 1, boxHeight: 300)
            return
        }
        let columnWidth = (Theme.contentWidth - Self.gutter) / 2
        for start in stride(from: 0, to: items.count, by: 2) {
            if start > 0 { flow.gap(14) }
            photoRow(Array(items[start..<min(start + 2, items.count)]), columns: 2, boxHeight: columnWidth * 0.8)
        }
    }

    static let gutter = 16.0

    /// An earlier journey's photos, smaller than this journey's: three to a row.
    mutating func earlierPhotos(_ list: [PracticeDiaryData.Photo]) {
        let items = list.compactMap { photo in photos[photo.path].map { (photo, $0) } }
        guard !items.isEmpty else { return }
        let columnWidth = (Theme.contentWidth - Self.gutter * 2) / 3
        flow.gap(14)
        for start in stride(from: 0, to: items.count, by: 3) {
            if start > 0 { flow.gap(12) }
            photoRow(Array(items[start..<min(start + 3, items.count)]), columns: 3, boxHeight: columnWidth * 0.8)
        }
    }

    /// One row of photos, each fitted into its cell (never above 1 px per point) with its
    /// caption underneath; the row moves to a new page whole.
    mutating func photoRow(_ items: [(PracticeDiaryData.Photo, JPEGPhoto)], columns: Int, boxHeight: Double,
                           captions: [String]? = nil) {
        let cellWidth = (Theme.contentWidth - Self.gutter * Double(columns - 1)) / Double(columns)
        let captionLines = items.enumerated().map { index, item in
            lines(captions?[index] ?? caption(for: item.0), .caption, width: cellWidth)
        }
        let captionHeight = Double(captionLines.map(\.count).max() ?? 0) * TextStyle.caption.leading
        var boxHeight = min(boxHeight, flow.top - flow.bottom - 40)
        let wanted = items.map { fit($0.1, width: cellWidth, height: boxHeight).height }.max() ?? 0
        // Rather than leave a photo alone on a new page, shrink it into the space left when
        // that keeps it at least 60 % of its size (and 170 pt tall).
        let room = flow.remaining - 6 - captionHeight
        if wanted > room, room >= max(170, wanted * 0.6) { boxHeight = room }
        let sizes = items.map { fit($0.1, width: cellWidth, height: boxHeight) }
        let imageHeight = sizes.map(\.height).max() ?? 0
        flow.ensure(imageHeight + 6 + captionHeight)
        let top = flow.y
        for (index, item) in items.enumerated() {
            let cellX = flow.left + Double(index) * (cellWidth + Self.gutter)
            let size = sizes[index]
            let x = columns == 1 ? cellX + (cellWidth - size.width) / 2 : cellX
            flow.add(.image(ImagePlacement(key: item.0.path, x: x, y: top - size.height,
                                           width: size.width, height: size.height)))
            var baseline = top - imageHeight - 6 - TextStyle.caption.size
            for line in captionLines[index] {
                let lineWidth = assets.font(.label).width(of: line, size: TextStyle.caption.size)
                let textX = columns == 1 ? cellX + (cellWidth - lineWidth) / 2 : cellX
                flow.add(.text(TextRun(text: line, font: .label, size: TextStyle.caption.size,
                                       origin: Point(textX, baseline), color: TextStyle.caption.color)))
                baseline -= TextStyle.caption.leading
            }
        }
        flow.advance(imageHeight + 6 + captionHeight)
    }

    /// Scales a photo down (or up to 1 px per point at most) to fit a box, keeping its aspect.
    func fit(_ photo: JPEGPhoto, width: Double, height: Double) -> (width: Double, height: Double) {
        let scale = min(width / Double(photo.width), height / Double(photo.height), Theme.maxPhotoScale)
        return (Double(photo.width) * scale, Double(photo.height) * scale)
    }

    func caption(for photo: PracticeDiaryData.Photo) -> String {
        var values = ["day": String(photo.day), "date": strings.format(photo.takenOn)]
        if let coverage = photo.greenCoverage {
            values["percent"] = strings.percent(coverage)
            return PracticeDiaryStrings.fill(strings.photoCaptionWithCoverage, values)
        }
        return PracticeDiaryStrings.fill(strings.photoCaption, values)
    }

    // MARK: Growth chart and before/after

    mutating func growthAndComparison() {
        // One point per day (the last one given wins), in day order.
        let byDay = Dictionary(data.growth.map { ($0.day, $0) }, uniquingKeysWith: { _, last in last })
        let points = byDay.values.sorted { $0.day < $1.day }
        let pair = data.beforeAfter.flatMap { pair -> [(PracticeDiaryData.Photo, JPEGPhoto)]? in
            guard let before = photos[pair.before.path], let after = photos[pair.after.path] else { return nil }
            return [(pair.before, before), (pair.after, after)]
        }
        // One measurement is a dot, not a curve: the photo's caption already says how green it was.
        let chartable = points.count >= 2
        guard chartable || pair != nil else { return }
        flow.newPage()
        if chartable {
            paragraph(strings.growthHeading, .title)
            flow.advance(2)
            paragraph(strings.growthNote, .meta)
            flow.advance(22)
            let height = 250.0
            let strings = strings, font = assets.font(.label)
            let chart = GrowthChart(points: points, dayAxisLabel: clean(strings.dayAxis, .label),
                                    percent: { PrintableText.clean(strings.percent($0), for: font) }, font: font)
            for op in chart.ops(left: flow.left, top: flow.y, width: flow.width, height: height) { flow.add(op) }
            flow.advance(height + 40)
        }
        if let pair {
            let columnWidth = (Theme.contentWidth - Self.gutter) / 2
            let titleHeight = TextStyle.title.leading + 20
            flow.ensure(titleHeight + columnWidth * 0.75 + 30)
            paragraph(strings.beforeAfterHeading, .title)
            flow.advance(20)
            let captions = [PracticeDiaryStrings.fill(strings.before, ["day": String(pair[0].0.day)]),
                            PracticeDiaryStrings.fill(strings.after, ["day": String(pair[1].0.day)])]
            photoRow(pair, columns: 2, boxHeight: columnWidth, captions: captions)
        }
    }

    // MARK: Manifesto and statistics

    mutating func closing() {
        flow.newPage()
        // A manifesto no stage page showed (older data) closes the diary under its own heading
        if !data.stages.contains(where: { $0.holdsManifesto == true }), let manifesto = nonEmpty(data.manifesto) {
            let (heading, body) = Self.splitHeading(manifesto)
            paragraph(heading ?? strings.manifestoHeading, .title)
            flow.advance(20)
            sideBarParagraph(body, .manifesto)
            flow.gap(44)
        }
        plants()
        earlierJourneys()
        statistics()
    }

    /// The state plants the user collected: each one's name, day and kit, its line, their words.
    private mutating func plants() {
        let plants = data.plants ?? []
        guard !plants.isEmpty else { return }
        flow.ensure(TextStyle.title.leading + 20 + 3 * TextStyle.answer.leading)
        paragraph(strings.plantsHeading, .title)
        flow.advance(16)
        for plant in plants {
            flow.ensure(TextStyle.label.leading + 10 + 2 * TextStyle.answer.leading)
            label(PracticeDiaryStrings.fill(strings.plant, ["state": plant.state, "day": String(plant.day), "kit": plant.kit]))
            flow.advance(6)
            if let answer = nonEmpty(plant.answer) {
                heldTogether(plant.line, answer)
            } else {
                paragraph(plant.line, .meta)
            }
            flow.gap(20)
        }
        flow.gap(24)
    }

    /// The journeys the user started over from: each one's dates, wish, answers and manifesto.
    private mutating func earlierJourneys() {
        let journeys = data.earlierJourneys ?? []
        guard !journeys.isEmpty else { return }
        flow.ensure(TextStyle.title.leading + 20 + 3 * TextStyle.answer.leading)
        paragraph(strings.earlierJourneysHeading, .title)
        flow.advance(16)
        for journey in journeys.reversed() {
            let dates = PracticeDiaryStrings.fill(strings.dateRange, ["start": strings.format(journey.startDate),
                                                              "end": strings.format(journey.endDate)])
            flow.ensure(TextStyle.label.leading + 10 + 2 * TextStyle.answer.leading)
            label(PracticeDiaryStrings.fill(strings.earlierJourney, ["title": journey.programTitle, "dates": dates]))
            flow.advance(10)
            if let wish = nonEmpty(journey.wish) { heldTogether(strings.wish, wish) }
            for answer in journey.answers where nonEmpty(answer.answer) != nil {
                heldTogether(answer.question, answer.answer)
            }
            if let manifesto = nonEmpty(journey.manifesto) {
                sideBarParagraph(manifesto, .manifesto)
            }
            earlierPhotos(journey.photos ?? [])
            flow.gap(36)
        }
    }

    private mutating func statistics() {
        let stats = data.statistics
        let figures = stats.figures
        var rows: [(String, String)] = []
        if let figures {
            rows.append((strings.programDay, PracticeDiaryStrings.fill(strings.dayOf, ["day": String(figures.programDay),
                                                                                "total": String(figures.durationDays)])))
        }
        rows.append((strings.daysPractised, String(stats.daysPractised)))
        if let figures {
            rows += [(strings.practicesDone, String(figures.practices.reduce(0) { $0 + $1.practices })),
                     (strings.minutes, PracticeDiaryStrings.fill(strings.minutesValue, ["n": String(figures.minutes)])),
                     (strings.reflections, String(figures.reflections))]
        }
        rows.append((strings.photos, String(stats.photos)))
        if let figures, figures.longestRun > 1 { rows.append((strings.longestRun, String(figures.longestRun))) }
        rows.append((strings.stagesCompleted, PracticeDiaryStrings.fill(strings.stagesOf, ["done": String(stats.stagesCompleted),
                                                                                   "total": String(stats.stagesTotal)])))
        let rowHeight = 40.0
        flow.ensure(TextStyle.title.leading + 16 + rowHeight * Double(rows.count) + 60)
        paragraph(strings.statisticsHeading, .title)
        flow.advance(12)
        for (label, value) in rows {
            flow.rule()
            let top = flow.y
            let labelText = clean(label, .label), valueText = clean(value, .text)
            flow.add(.text(TextRun(text: labelText, font: .label, size: TextStyle.statLabel.size,
                                   origin: Point(flow.left, top - 25), color: TextStyle.statLabel.color)))
            let valueWidth = assets.font(.text).width(of: valueText, size: TextStyle.statValue.size)
            flow.add(.text(TextRun(text: valueText, font: .text, size: TextStyle.statValue.size,
                                   origin: Point(flow.left + flow.width - valueWidth, top - 27),
                                   color: TextStyle.statValue.color)))
            flow.advance(rowHeight)
        }
        flow.rule()
        flow.advance(28)
        if let figures { statisticsNotes(figures) }
        let zone = data.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC") ?? .current
        let made = PracticeDiaryStrings.fill(strings.generatedOn, ["date": strings.format(CalendarDay(data.generatedAt, in: zone))])
        paragraph(made, .meta)
    }

    /// Under the figures: practices by stage and the themes chosen, as short lines.
    private mutating func statisticsNotes(_ figures: PracticeDiaryData.Figures) {
        let stages = figures.practices.map { "\($0.title) \($0.practices)" }.joined(separator: " · ")
        if !stages.isEmpty { paragraph(PracticeDiaryStrings.fill(strings.practicesByStage, ["stages": stages]), .meta) }
        if !figures.themes.isEmpty {
            paragraph(PracticeDiaryStrings.fill(strings.themesChosen, ["themes": figures.themes.joined(separator: ", ")]), .meta)
        }
        flow.advance(16)
    }
}
