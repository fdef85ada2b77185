public import Foundation

/// A "state plant": a card a user earns for a state they practised (patience once planting is
/// done, attention after the sprouts, each theme they opened…). Defined in `program.json`
/// (`"cards"`), named and described per locale (`"cards"` in `<locale>.json`).
public struct PlantCard: Sendable, Equatable {
    /// What earns the card.
    public enum Earned: Sendable, Equatable {
        /// Completing this stage (for the manifesto stage: the manifesto shown).
        case stage(String)
        /// Opening this daily theme.
        case theme(String)
    }

    public let id: String
    public let silhouette: PlantSilhouette
    public let earned: Earned
    /// The question step (`"<stage>.<step>"`) whose answer the card quotes; a theme's card quotes
    /// the theme's reflection without it.
    public let answer: String?

    public init(id: String, silhouette: PlantSilhouette, earned: Earned, answer: String? = nil) {
        self.id = id
        self.silhouette = silhouette
        self.earned = earned
        self.answer = answer
    }
}

/// The plant drawn on a card: a fixed set the media module knows how to draw.
public enum PlantSilhouette: String, Sendable, CaseIterable, Equatable, Codable {
    case seed, sprout, seedling, leaf, harvest, bloom, basil
}

/// A card's words in one locale: the state's name and one short line under it.
public struct CardTexts: Sendable, Equatable {
    public let state: String
    public let line: String

    public init(state: String, line: String) {
        self.state = state
        self.line = line
    }
}

/// A card in a user's collection: which card of which program, and when it was earned.
public struct CollectedCard: Codable, Sendable, Equatable {
    public var programID: String
    public var cardID: String
    public var earnedAt: Date
    /// The program day it was earned on.
    public var day: Int

    public init(programID: String, cardID: String, earnedAt: Date, day: Int) {
        self.programID = programID
        self.cardID = cardID
        self.earnedAt = earnedAt
        self.day = day
    }
}
