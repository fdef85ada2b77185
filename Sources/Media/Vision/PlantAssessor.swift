public import Foundation

/// Judges the growth stage and health of the plant in a photo (the optional vision API).
public protocol PlantAssessor: Sendable {
    /// Assesses a normalised JPEG; `language` ("ru", "en") is the language of the advice.
    /// Throws a `.vision` `MediaError` when no valid answer could be had.
    func assess(jpeg: Data, language: String) async throws -> PlantAssessment
}
