import Foundation

/// The growth chart as vector drawing: gridlines, axes with day and percent labels, a soft
/// area under a smooth curve through the measured days, and a dot per measurement.
struct GrowthChart {
    let points: [PracticeDiaryData.GrowthPoint]
    let dayAxisLabel: String
    /// A share as the diary's language writes a percentage.
    let percent: (Double) -> String
    let font: TrueTypeFont

    private let labelSize = 8.0
    private let yLabelRoom = 36.0

    func ops(left: Double, top: Double, width: Double, height: Double) -> [DrawOp] {
        guard !points.isEmpty else { return [] }
        let plotLeft = left + yLabelRoom, plotRight = left + width - 6
        let plotTop = top - 6, plotBottom = top - height + 22
        let maxDay = max(points.map(\.day).max() ?? 1, 2)
        let (yMax, yTicks) = Self.niceScale(points.map(\.coverage).max() ?? 0)
        // Day 0 (planting) sits on the axis.
        func x(_ day: Double) -> Double { plotLeft + day / Double(maxDay) * (plotRight - plotLeft) }
        func y(_ coverage: Double) -> Double { plotBottom + coverage / yMax * (plotTop - plotBottom) }

        var ops: [DrawOp] = []
        let grid = PathStyle(fill: nil, stroke: Theme.hairline, lineWidth: 0.5)
        for tick in 0...yTicks {
            let value = yMax * Double(tick) / Double(yTicks)
            let lineY = y(value)
            if tick > 0 { ops.append(.path([.move(Point(plotLeft, lineY)), .line(Point(plotRight, lineY))], grid)) }
            ops.append(label(percent(value), rightAlignedAt: plotLeft - 6, baseline: lineY - labelSize * 0.35))
        }
        let step = Self.dayStep(maxDay)
        for day in Self.dayTicks(maxDay: maxDay, step: step) {
            let tickX = x(Double(day))
            ops.append(.path([.move(Point(tickX, plotBottom)), .line(Point(tickX, plotBottom - 3))],
                             PathStyle(fill: nil, stroke: Theme.muted, lineWidth: 0.6)))
            ops.append(label(String(day), centredAt: tickX, baseline: plotBottom - 13))
        }
        ops.append(label(dayAxisLabel, rightAlignedAt: plotRight, baseline: plotBottom - 24))
        let axis = PathStyle(fill: nil, stroke: Theme.muted, lineWidth: 0.8)
        ops.append(.path([.move(Point(plotLeft, plotTop)), .line(Point(plotLeft, plotBottom)),
                          .line(Point(plotRight, plotBottom))], axis))

        let placed = points.map { Point(x(Double($0.day)), y($0.coverage)) }
        if placed.count > 1 {
            let curve = Self.smoothPath(through: placed)
            let area = curve + [.line(Point(placed[placed.count - 1].x, plotBottom)),
                                .line(Point(placed[0].x, plotBottom)), .close]
            ops.append(.path(area, PathStyle(fill: Theme.accentTint, stroke: nil)))
            ops.append(.path(curve, PathStyle(fill: nil, stroke: Theme.accent, lineWidth: 1.8)))
        }
        for point in placed {
            ops.append(.path(Self.circle(point, radius: 2.8),
                             PathStyle(fill: Theme.paper, stroke: Theme.accentDark, lineWidth: 1.2)))
        }
        return ops
    }

    private func label(_ text: String, rightAlignedAt x: Double, baseline: Double) -> DrawOp {
        .text(TextRun(text: text, font: .label, size: labelSize,
                      origin: Point(x - font.width(of: text, size: labelSize), baseline), color: Theme.muted))
    }

    private func label(_ text: String, centredAt x: Double, baseline: Double) -> DrawOp {
        .text(TextRun(text: text, font: .label, size: labelSize,
                      origin: Point(x - font.width(of: text, size: labelSize) / 2, baseline), color: Theme.muted))
    }

    /// The smallest "round" top of the axis above the highest value (at least 5 %), with a
    /// gridline count that gives whole-percent steps of 1, 2, 5, 10, 20 or 25.
    static func niceScale(_ highest: Double) -> (maximum: Double, intervals: Int) {
        let scales: [(Double, Int)] = [(0.05, 5), (0.1, 5), (0.15, 3), (0.2, 4), (0.25, 5), (0.3, 3), (0.4, 4),
                                       (0.5, 5), (0.6, 3), (0.75, 3), (0.8, 4), (1.0, 5)]
        return scales.first { $0.0 >= highest * 1.08 } ?? (1.0, 5)
    }

    static func dayStep(_ maxDay: Int) -> Int {
        switch maxDay {
        case ...12: return 1
        case ...24: return 2
        case ...60: return 5
        default: return 10
        }
    }

    /// Day 1 and evenly spaced days after it: 1, 2, 3… / 1, 3, 5… / 1, 5, 10… (a multiple too
    /// close to day 1 is skipped), plus the last day when it is a full step away.
    static func dayTicks(maxDay: Int, step: Int) -> [Int] {
        var ticks = [1]
        if step <= 2 {
            ticks += stride(from: 1 + step, through: maxDay, by: step)
        } else {
            ticks += stride(from: step, through: maxDay, by: step).filter { Double($0 - 1) >= Double(step) / 2 }
        }
        if let last = ticks.last, maxDay - last >= step { ticks.append(maxDay) }
        return ticks
    }

    /// A monotone cubic (Fritsch–Carlson) through the points, as Bézier segments: smooth, and it
    /// never dips below a measurement's neighbours, so the curve does not invent shrinking.
    static func smoothPath(through points: [Point]) -> [PathElement] {
        let count = points.count
        var slopes = [Double](repeating: 0, count: count - 1)
        for index in 0..<count - 1 {
            let dx = points[index + 1].x - points[index].x
            slopes[index] = dx == 0 ? 0 : (points[index + 1].y - points[index].y) / dx
        }
        var tangents = [Double](repeating: 0, count: count)
        tangents[0] = slopes[0]
        tangents[count - 1] = slopes[count - 2]
        for index in 1..<max(count - 1, 1) where index < count - 1 {
            let before = slopes[index - 1], after = slopes[index]
            tangents[index] = before * after <= 0 ? 0 : 3 * before * after / (max(before, after) * 2 + min(before, after))
        }
        var path: [PathElement] = [.move(points[0])]
        for index in 0..<count - 1 {
            let start = points[index], end = points[index + 1]
            let third = (end.x - start.x) / 3
            path.append(.curve(Point(start.x + third, start.y + tangents[index] * third),
                               Point(end.x - third, end.y - tangents[index + 1] * third), end))
        }
        return path
    }

    /// A circle as four Bézier quarter arcs.
    static func circle(_ centre: Point, radius r: Double) -> [PathElement] {
        let k = 0.5523 * r
        let (cx, cy) = (centre.x, centre.y)
        return [
            .move(Point(cx + r, cy)),
            .curve(Point(cx + r, cy + k), Point(cx + k, cy + r), Point(cx, cy + r)),
            .curve(Point(cx - k, cy + r), Point(cx - r, cy + k), Point(cx - r, cy)),
            .curve(Point(cx - r, cy - k), Point(cx - k, cy - r), Point(cx, cy - r)),
            .curve(Point(cx + k, cy - r), Point(cx + r, cy - k), Point(cx + r, cy)),
            .close,
        ]
    }
}
