import Foundation

/// What the vision API says about a photo of the plant, validated: known stage and health
/// values, a confidence in 0...1 and a short piece of advice.
public struct PlantAssessment: Codable, Sendable, Equatable {
    public enum Stage: String, Codable, Sendable, CaseIterable {
        case seed, sprout, microgreen
        case babyLeaf = "baby_leaf"
        case harvest
    }

    public enum Health: String, Codable, Sendable, CaseIterable {
        case ok, dry, overwatered, mold, yellowing, leggy
    }

    public let stage: Stage
    public let health: Health
    public let confidence: Double
    /// One or two sentences in the language asked for; untrusted text, escape before display.
    public let advice: String

    static let maxAdviceLength = 300

    public init(stage: Stage, health: Health, confidence: Double, advice: String) {
        self.stage = stage
        self.health = health
        self.confidence = confidence
        self.advice = advice
    }

    /// Reads the model's answer: a JSON object, possibly inside a ```json fence. Anything else,
    /// an unknown stage or health, or a confidence outside 0...1 is a `.vision` error.
    package static func parse(_ content: String) throws -> PlantAssessment {
        let json = Self.unfenced(content)
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw MediaError(.vision, "The vision answer is not a JSON object.")
        }
        guard let stageText = object["stage"] as? String, let stage = Stage(rawValue: stageText.lowercased()) else {
            throw MediaError(.vision, "The vision answer has no known stage.")
        }
        guard let healthText = object["health"] as? String, let health = Health(rawValue: healthText.lowercased()) else {
            throw MediaError(.vision, "The vision answer has no known health.")
        }
        guard let confidence = (object["confidence"] as? NSNumber)?.doubleValue, (0...1).contains(confidence) else {
            throw MediaError(.vision, "The vision answer's confidence is not a number from 0 to 1.")
        }
        let advice = ((object["advice"] as? String) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return PlantAssessment(stage: stage, health: health, confidence: confidence,
                               advice: String(advice.prefix(maxAdviceLength)))
    }

    private static func unfenced(_ content: String) -> String {
        let trimmed = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("```") else { return trimmed }
        var lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        if lines.last?.trimmingCharacters(in: .whitespaces) == "```" { lines = lines.dropLast() }
        return lines.joined(separator: "\n")
    }
}
