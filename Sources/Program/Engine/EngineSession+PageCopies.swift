/// Copies of the user's page. A step or theme can show in several messages (Continue sends it
/// again, "Saved" repeats its Back and Next, a menu leads back to it); only the newest acts in
/// place. Back or "Why?" on an older copy answers in a new message and that copy's keyboard goes,
/// so the newest message's buttons never go stale behind the user's back.
extension EngineSession {
    /// Copy numbers wrap here: a page-turn payload keeps at most three digits.
    static let pageCopyLimit = 1000

    /// Whether a page turn should edit the pressed message: yes unless it shows an older copy of
    /// the page, in which case the page comes as a new message and the pressed one is retired.
    mutating func turnsInPlace(copy: Int?) -> Bool {
        // Buttons sent before copies were numbered carry none: they turn in place as they did.
        guard let copy, copy != (progress.pageCopy ?? 0) else { return true }
        retiresSource = true
        return false
    }

    /// After an input: a new message with the page's buttons is now the newest copy, and every
    /// page-turn button sent carries that copy's number.
    mutating func numberPageCopies() {
        let sendsCopy = messages.contains { message in
            !message.replacesSource && message.buttons.joined().contains { Payload.parse($0.payload)?.actsOnPage == true }
        }
        guard sendsCopy || messages.contains(where: { $0.buttons.joined().contains { Payload.parse($0.payload)?.turnsPage == true } })
        else { return }
        if sendsCopy { progress.pageCopy = ((progress.pageCopy ?? 0) + 1) % Self.pageCopyLimit }
        let copy = progress.pageCopy ?? 0
        for index in messages.indices {
            messages[index].buttons = messages[index].buttons.map { row in
                row.map { button in
                    guard let stamped = Payload.parse(button.payload)?.onCopy(copy) else { return button }
                    return Button(label: button.label, payload: stamped.encoded)
                }
            }
        }
    }
}

extension Payload {
    /// A button acting on the step or theme the user is on.
    var actsOnPage: Bool {
        switch self {
        case .next, .back, .skip, .openMenu, .backToStep, .menuItem, .takeWish, .choose, .why, .themeNext, .themeBack, .whyTheme:
            return true
        default:
            return false
        }
    }

    /// A button that turns the page inside its own message.
    var turnsPage: Bool { onCopy(0) != nil }

    /// The same page turn, on copy `copy`; nil for buttons that do not turn the page in place.
    func onCopy(_ copy: Int) -> Payload? {
        switch self {
        case let .back(stage, index, _): return .back(stage: stage, index: index, copy: copy)
        case let .backToStep(stage, index, _): return .backToStep(stage: stage, index: index, copy: copy)
        case let .why(stage, index, _): return .why(stage: stage, index: index, copy: copy)
        case let .themeBack(slot, _): return .themeBack(slot: slot, copy: copy)
        case let .whyTheme(slot, _): return .whyTheme(slot: slot, copy: copy)
        default: return nil
        }
    }
}
