import Foundation
import Testing
import TestSupport

/// The boundary the compiler cannot state by itself: what Bot may reach through its
/// dependencies. Bot is conversation, intake, delivery and scheduling; image and PDF work is
/// BotMedia's, so Bot's closure holds no image or PDF module and none of their C libraries.
@Suite struct BotClosureTests {
    static let forbiddenForBot: Set<String> = [
        "Media", "Reports", "CVips", "CHaru", "CHaruSpeedups", "CJpeg", "CPixels", "CFreeType", "CMalloc",
    ]

    @Test func botReachesNeitherMediaNorReportsNorTheirCLibraries() async throws {
        // Given the package's target graph as SwiftPM reads Package.swift
        let graph = try await PackageGraph.load(from: Repository.root)
        // When Bot's dependencies are followed to the end
        let closure = try graph.closure(of: "Bot")
        // Then none of the image and PDF modules is among them
        #expect(closure.intersection(Self.forbiddenForBot).isEmpty, "Bot reaches \(closure.sorted())")
    }

    @Test func theClosureFollowsEveryEdgeOfTheRealGraph() async throws {
        let graph = try await PackageGraph.load(from: Repository.root)
        // Bot → Program → StrictJSON is two edges deep; BotMedia → Media → CVips too.
        #expect(
            try graph.closure(of: "Bot").isSuperset(of: ["Audio", "Program", "StrictJSON", "TelegramBotAPI", "CCurl"]))
        #expect(
            try graph.closure(of: "BotMedia").isSuperset(
                of: Self.forbiddenForBot.subtracting(["CMalloc"]).union(["Bot"])))
        #expect(throws: PackageGraph.UnknownTarget.self) { try graph.closure(of: "NoSuchTarget") }
    }

    @Test func aDependencyTwoStepsAwayIsInTheClosureAndPackageProductsAreNot() throws {
        let graph = PackageGraph(dependencies: ["A": ["B", "Logging"], "B": ["C"], "C": [], "D": ["A"]])
        #expect(try graph.closure(of: "A") == ["B", "C"])
        #expect(try graph.closure(of: "D") == ["A", "B", "C"])
    }
}
