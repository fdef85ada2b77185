import Foundation

/// What a state-plant card shows: the plant's silhouette, the state's name and line, the day it
/// was earned and the user's own answer, when they gave one. Words come in localized.
public struct StatePlantCard: Sendable {
    /// The plants the cards can draw (program data names them; `content check` knows this list).
    public enum Silhouette: String, Sendable, CaseIterable {
        case seed, sprout, seedling, leaf, harvest, bloom, basil
    }

    public var silhouette: Silhouette
    public var state: String
    public var line: String
    /// E.g. "День 3 · Набор «Микрозелень»".
    public var footer: String
    public var answer: String?
    /// "ru" or "en": how the answer is quoted.
    public var locale: String
    public var palette: CardPalette

    public init(silhouette: Silhouette, state: String, line: String, footer: String, answer: String? = nil,
                locale: String = "ru", palette: CardPalette = .sogreto) {
        self.silhouette = silhouette
        self.state = state
        self.line = line
        self.footer = footer
        self.answer = answer
        self.locale = locale
        self.palette = palette
    }
}
