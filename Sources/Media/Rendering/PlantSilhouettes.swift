import Foundation

/// The plants of the state-plant cards, drawn from a few shapes (leaves, seeds, stems, soil)
/// in the kit's colours, inside a square of side `size` around `centre`.
struct PlantSilhouettes {
    let canvas: PixelCanvas
    let centre: Point
    let size: Double
    let palette: CardPalette

    private var ground: Double { centre.y + 0.36 * size }

    func draw(_ silhouette: StatePlantCard.Silhouette) throws {
        switch silhouette {
        case .seed: try seed()
        case .sprout: try sprout()
        case .seedling: try seedling()
        case .leaf: try bigLeaf()
        case .harvest: try harvest()
        case .bloom: try bloom()
        case .basil: try basil()
        }
    }

    private func seed() throws {
        try soil()
        let seedCentre = at(0, -0.04)
        try stem([at(0.05, -0.1), at(0.12, -0.22), at(0.04, -0.34)])
        try leaf(from: at(0.04, -0.34), angle: 0.7, length: 0.16, width: 0.09)
        try leaf(from: at(0.04, -0.34), angle: -0.5, length: 0.11, width: 0.07)
        try canvas.fill(Self.ellipse(seedCentre, rx: 0.17 * size, ry: 0.1 * size, rotation: -0.45), colour: palette.ink, opacity: 210)
    }

    private func sprout() throws {
        try soil()
        let top = at(0, -0.46)
        try stem([at(0, 0), at(0.1, -0.24), top])
        try leaf(from: top, angle: -1.15, length: 0.28, width: 0.16)
        try leaf(from: top, angle: 1.15, length: 0.28, width: 0.16)
    }

    private func seedling() throws {
        try soil()
        let top = at(0, -0.66)
        try stem([at(0, 0), at(-0.06, -0.33), top])
        try leaf(from: at(-0.045, -0.3), angle: -1.3, length: 0.2, width: 0.11)
        try leaf(from: at(-0.045, -0.3), angle: 1.3, length: 0.2, width: 0.11)
        try leaf(from: top, angle: -0.75, length: 0.3, width: 0.17)
        try leaf(from: top, angle: 0.75, length: 0.3, width: 0.17)
        try leaf(from: top, angle: 0, length: 0.17, width: 0.1)
    }

    private func bigLeaf() throws {
        let base = at(-0.12, 0.02)
        try stem([at(-0.2, 0.12), base])
        try leaf(from: base, angle: 0.42, length: 0.82, width: 0.46)
        // the midrib and a few veins, in the paper's colour
        let axis = Point(x: sin(0.42), y: -cos(0.42))
        let tip = Point(x: base.x + axis.x * 0.7 * size, y: base.y + axis.y * 0.7 * size)
        try canvas.polyline([base, tip], thickness: 0.018 * size, colour: palette.paper)
        for fraction in [0.25, 0.45, 0.62] {
            let from = Point(x: base.x + axis.x * fraction * 0.82 * size, y: base.y + axis.y * fraction * 0.82 * size)
            for side in [-1.0, 1.0] {
                let angle = 0.42 + side * 0.75
                let to = Point(x: from.x + sin(angle) * 0.13 * size, y: from.y - cos(angle) * 0.13 * size)
                try canvas.polyline([from, to], thickness: 0.011 * size, colour: palette.paper)
            }
        }
    }

    private func harvest() throws {
        // The bowl sits where the other plants' soil is, inside the halo, clear of the state's name.
        let rim = at(0, -0.16)
        for (index, angle) in [-0.95, -0.5, 0, 0.45, 0.9].enumerated() {
            let base = Point(x: rim.x + (Double(index) - 2) * 0.11 * size, y: rim.y)
            try leaf(from: base, angle: angle, length: index == 2 ? 0.42 : 0.32, width: 0.16)
        }
        let bowl = Self.ellipse(rim, rx: 0.42 * size, ry: 0.26 * size, rotation: 0).filter { $0.y >= rim.y - 0.5 }
        try canvas.fill(bowl, colour: palette.ink, opacity: 215)
        try canvas.fill(Self.ellipse(rim, rx: 0.42 * size, ry: 0.045 * size, rotation: 0), colour: palette.ink, opacity: 255)
    }

    private func bloom() throws {
        try soil()
        let head = at(0, -0.58)
        try stem([at(0, 0), at(0.05, -0.3), head])
        try leaf(from: at(0.03, -0.16), angle: -1.0, length: 0.26, width: 0.13)
        try leaf(from: at(0.04, -0.3), angle: 1.05, length: 0.24, width: 0.12)
        for petal in 0..<6 {
            let angle = Double(petal) * .pi / 3
            let centre = Point(x: head.x + cos(angle) * 0.11 * size, y: head.y + sin(angle) * 0.11 * size)
            try canvas.fill(Self.ellipse(centre, rx: 0.11 * size, ry: 0.06 * size, rotation: angle), colour: palette.accent, opacity: 190)
        }
        canvas.disc(centre: head, radius: 0.065 * size, colour: palette.paper)
        canvas.disc(centre: head, radius: 0.045 * size, colour: palette.ink)
    }

    private func basil() throws {
        try soil()
        let top = at(0, -0.66)
        try stem([at(0, 0), at(0.02, -0.33), top])
        for (height, angle, length) in [(0.2, 1.3, 0.33), (0.4, 1.0, 0.27), (0.56, 0.7, 0.19)] {
            let node = at(0.01, -height)
            try leaf(from: node, angle: -angle, length: length, width: length * 0.68)
            try leaf(from: node, angle: angle, length: length, width: length * 0.68)
        }
        try leaf(from: top, angle: 0, length: 0.14, width: 0.1)
    }

    // MARK: Shapes

    /// A point `dx`, `dy` (in sizes) from the ground under the centre.
    private func at(_ dx: Double, _ dy: Double) -> Point {
        Point(x: centre.x + dx * size, y: ground + dy * size)
    }

    private func soil() throws {
        let mound = Self.ellipse(Point(x: centre.x, y: ground + 0.05 * size), rx: 0.42 * size, ry: 0.07 * size, rotation: 0)
        try canvas.fill(mound, colour: palette.ink, opacity: 80)
    }

    private func stem(_ points: [Point]) throws {
        try canvas.polyline(Self.curve(points), thickness: 0.032 * size, colour: palette.accent)
    }

    /// A leaf from `base` pointing at `angle` (radians from straight up, clockwise), fullest a
    /// third of the way out.
    private func leaf(from base: Point, angle: Double, length: Double, width: Double) throws {
        let axis = Point(x: sin(angle), y: -cos(angle)), normal = Point(x: cos(angle), y: sin(angle))
        let steps = 28
        var right: [Point] = [], left: [Point] = []
        for step in 0...steps {
            let t = Double(step) / Double(steps)
            let half = width * size / 2 * pow(sin(.pi * pow(t, 0.8)), 0.9)
            let along = Point(x: base.x + axis.x * length * size * t, y: base.y + axis.y * length * size * t)
            right.append(Point(x: along.x + normal.x * half, y: along.y + normal.y * half))
            left.append(Point(x: along.x - normal.x * half, y: along.y - normal.y * half))
        }
        try canvas.fill(right + left.reversed(), colour: palette.accent)
    }

    static func ellipse(_ centre: Point, rx: Double, ry: Double, rotation: Double) -> [Point] {
        (0..<64).map { index in
            let t = Double(index) / 64 * 2 * .pi
            let x = cos(t) * rx, y = sin(t) * ry
            return Point(x: centre.x + x * cos(rotation) - y * sin(rotation), y: centre.y + x * sin(rotation) + y * cos(rotation))
        }
    }

    /// A smooth curve through three points (a quadratic Bézier with the middle one as control).
    static func curve(_ points: [Point]) -> [Point] {
        guard points.count == 3 else { return points }
        let (a, b, c) = (points[0], points[1], points[2])
        return (0...24).map { index in
            let t = Double(index) / 24, u = 1 - t
            return Point(x: u * u * a.x + 2 * u * t * b.x + t * t * c.x, y: u * u * a.y + 2 * u * t * b.y + t * t * c.y)
        }
    }
}
