import Foundation

/// A point in PDF space: points, origin at the bottom-left of the page.
public struct Point: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// An sRGB colour with components 0…1.
public struct RGB: Equatable, Sendable {
    public var red: Double
    public var green: Double
    public var blue: Double

    /// From a 0xRRGGBB literal.
    public init(_ hex: UInt32) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
    }
}

/// One line of text, already cleaned for its font and placed at a baseline.
public struct TextRun: Equatable, Sendable {
    public var text: String
    public var font: FontRole
    public var size: Double
    public var origin: Point
    public var color: RGB
    /// Extra space between letters, for spaced capitals.
    public var letterSpacing: Double = 0
}

/// A path made of straight and cubic segments.
public enum PathElement: Equatable, Sendable {
    case move(Point)
    case line(Point)
    case curve(Point, Point, Point)
    case close
}

/// How a path is painted.
public struct PathStyle: Equatable, Sendable {
    public var fill: RGB?
    public var stroke: RGB?
    public var lineWidth: Double = 1
    public var dash: [Double] = []
}

/// A photo placed on a page; `key` names a `PhotoDiaryEntry` loaded before layout.
public struct ImagePlacement: Equatable, Sendable {
    public var key: String
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
}

/// What a page is made of, in painting order. Layout produces these; `HaruPainter` draws them.
public enum DrawOp: Equatable, Sendable {
    case text(TextRun)
    case path([PathElement], PathStyle)
    case image(ImagePlacement)
}

/// One laid-out page.
public struct LaidOutPage: Equatable, Sendable {
    public var ops: [DrawOp] = []
}
