import Foundation
@testable import Program

/// A user walking through a program: sends inputs, presses buttons by label, moves the clock.
struct Journey {
    let engine: ProgramEngine
    var progress: UserProgress?
    var now: Date
    var timeZone: TimeZone
    var locale: String
    var photoCount = 0
    private(set) var last: EngineResult = EngineResult(progress: nil, messages: [], events: [])
    private(set) var allEvents: [ProgramEvent] = []
    /// Every practice shown so far, in order (messages a recording may stand in for).
    private(set) var narrated: [NarratedContent] = []

    /// 2026-03-02 09:00 in Moscow (a Monday).
    static let monday = Date(timeIntervalSince1970: 1_772_431_200)

    init(catalog: ProgramCatalog, locale: String = "ru", timeZone: TimeZone = TimeZone(identifier: "Europe/Moscow")!, now: Date = Journey.monday) {
        engine = ProgramEngine(catalog: catalog)
        self.now = now
        self.timeZone = timeZone
        self.locale = locale
    }

    var context: ProgramContext {
        ProgramContext(now: now, timeZone: timeZone, locale: locale, userName: "Аня <3", photoCount: photoCount)
    }

    @discardableResult
    mutating func send(_ input: ProgramInput) -> EngineResult {
        last = engine.handle(input, progress: progress, context: context)
        progress = last.progress
        allEvents += last.events
        narrated += last.messages.compactMap(\.narrates)
        return last
    }

    /// Every button of the last result's messages.
    var buttons: [Button] { last.messages.flatMap { $0.buttons.joined() } }

    var texts: [String] { last.messages.map(\.text) }

    var lastText: String { last.messages.last?.text ?? "" }

    func button(_ label: String) -> Button? {
        buttons.first { $0.label == label || $0.label == "✓ " + label }
    }

    /// Presses the button with this label in the last reply; records an issue if there is none.
    @discardableResult
    mutating func press(_ label: String) -> EngineResult {
        guard let button = button(label) else {
            Issue.record("no button \"\(label)\" among \(buttons.map(\.label))")
            return last
        }
        return send(.callback(payload: button.payload))
    }

    mutating func advance(days: Int, hours: Int = 0) {
        now = now.addingTimeInterval(TimeInterval(days * 86_400 + hours * 3_600))
    }

    var day: Int {
        guard let progress else { return -1 }
        return engine.programDay(of: progress, now: now, timeZone: timeZone)
    }
}

import Testing
