/// Checks one content text where it was read: valid Telegram HTML, within the length limit,
/// and only placeholders that resolve.
struct TextRules {
    let structure: ProgramStructure

    /// Where a text sits in the journey; an answer placeholder must not refer to a later step.
    struct Place {
        var stageIndex: Int
        var stepIndex: Int
    }

    static let buttonLabelLimit = 28

    /// Which `{…}` placeholders a text may use.
    enum PlaceholderPolicy {
        /// Content placeholders: {name}, {wish}, {day}, {answer:<stage>.<step>}.
        case content
        /// None at all (menu item texts are shown as they are).
        case forbidden
        /// Checked by the caller (UI strings have per-key placeholders).
        case checkedElsewhere
    }

    func checkHTML(_ text: String, at node: JSONNode, place: Place? = nil, placeholders policy: PlaceholderPolicy = .content) {
        do {
            let length = try TelegramHTML.parsedLength(of: text)
            if length > TelegramHTML.contentLimit {
                node.report("text is \(length) UTF-16 units after HTML parsing; the limit is \(TelegramHTML.contentLimit) (Telegram allows \(TelegramHTML.messageLimit); the engine adds headers)")
            }
        } catch {
            node.report(error.description)
        }
        switch policy {
        case .content:
            for name in Placeholders.names(in: text) { checkPlaceholder(name, at: node, place: place) }
        case .forbidden:
            for name in Placeholders.names(in: text) { node.report("placeholder {\(name)} is not allowed here") }
        case .checkedElsewhere:
            break
        }
    }

    /// Button labels are plain text (Telegram shows tags literally) and short.
    func checkLabel(_ label: String, at node: JSONNode) {
        if label.contains("<") || label.contains("&") || label.contains("{") {
            node.report("a button label is plain text: no HTML, entities or placeholders")
        }
        if label.count > Self.buttonLabelLimit {
            node.report("button label is \(label.count) characters; the limit is \(Self.buttonLabelLimit) so it fits a phone screen")
        }
        if label.contains("\n") { node.report("a button label must be one line") }
    }

    private func checkPlaceholder(_ name: String, at node: JSONNode, place: Place?) {
        switch name {
        case "name", "day":
            return
        case "wish":
            let hasWish = structure.stages.contains { $0.steps.contains { $0.kind == .wish } }
            if !hasWish { node.report("{wish} is used but the program has no wish step") }
        default:
            guard name.hasPrefix("answer:") else {
                node.report("unknown placeholder {\(name)} (known: {name}, {wish}, {day}, {answer:<stage>.<step>})")
                return
            }
            checkAnswerReference(String(name.dropFirst("answer:".count)), name: name, at: node, place: place)
        }
    }

    private func checkAnswerReference(_ reference: String, name: String, at node: JSONNode, place: Place?) {
        let parts = reference.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2,
              let stageIndex = structure.stages.firstIndex(where: { $0.id == parts[0] }),
              let stepIndex = structure.stages[stageIndex].steps.firstIndex(where: { $0.id == parts[1] })
        else {
            node.report("{\(name)} refers to no step (write {answer:<stageID>.<stepID>})")
            return
        }
        let step = structure.stages[stageIndex].steps[stepIndex]
        guard step.kind == .question || step.kind == .wish || step.kind == .choice else {
            node.report("{\(name)} refers to a \(step.kind.rawValue) step, which has no answer")
            return
        }
        if let place, (stageIndex, stepIndex) >= (place.stageIndex, place.stepIndex) {
            node.report("{\(name)} refers to a step the user has not reached yet at this point")
        }
    }
}
