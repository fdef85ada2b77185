public import Foundation

/// An encoded photo and the caption to draw on it (already localized, e.g. "День 7").
public struct LabeledPhoto: Sendable {
    public let source: PhotoSource
    public let label: String

    public init(data: Data, label: String) {
        self.init(source: .bytes(data), label: label)
    }

    public init(source: PhotoSource, label: String) {
        self.source = source
        self.label = label
    }
}
