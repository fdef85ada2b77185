public import Foundation
import Program

/// One photo of a growth timeline.
public struct TimelineEntry: Sendable {
    public let source: PhotoSource
    /// Program day, which places the photo on the growth curve.
    public let day: Int
    /// Localized caption, e.g. "День 4".
    public let label: String
    /// Stored green share (0...1); nil leaves the photo off the curve.
    public let greenCoverage: Double?

    public init(data: Data, day: Int, label: String, greenCoverage: Double? = nil) {
        self.init(source: .bytes(data), day: day, label: label, greenCoverage: greenCoverage)
    }

    public init(source: PhotoSource, day: Int, label: String, greenCoverage: Double? = nil) {
        self.source = source
        self.day = day
        self.label = label
        self.greenCoverage = greenCoverage
    }
}

/// Localized texts of the green-coverage curve under a timeline.
public struct GrowthCurveLabels: Sendable {
    /// Heading over the chart, e.g. "Зелень на фото".
    public let title: String
    /// How the chart writes its percentages ("0,4 %" in Russian, "0.4%" in English).
    let numbers: PercentWording

    public init(title: String, locale: String = "en") {
        self.title = title
        numbers = PercentWording(locale: locale)
    }

    func percent(_ share: Double) -> String {
        numbers.format(share)
    }
}
