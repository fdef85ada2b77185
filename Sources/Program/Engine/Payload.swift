/// Button payloads: `verb:args`, compact, with ids from content and step indices. The verb is
/// the version point: a changed meaning gets a new verb, and an unknown verb is simply a stale
/// button. Parsing is total: any string gives a payload or nil, never a crash.
///
/// Grammar (`S` stage id, `N` step index, `I` item/option/theme/pace id):
/// `n:S.N` next · `b:S.N` back · `s:S.N` skip · `m:S.N` open menu · `g:S.N` back to step ·
/// `mi:S.N.I` menu item · `w:S.N.I` take wish · `c:S.N.I` choose option · `l` later ·
/// `k` continue · `r` resume · `t:I` toggle theme · `tp:I` picker pace · `td` themes done ·
/// `tx` default themes · `h:N` next theme · `hb:N` previous theme · `ns:N` NPS score ·
/// `nx` no NPS comment · `y` / `x` confirm / cancel · `st` settings themes · `sp:I` settings pace · `rr` start over (asks first) ·
/// `mr` manifesto read · `us` undo a skipped week · `wy:S.N` why this step · `wt:N` why theme slot N ·
/// `ra:I` answer micro-practice I's question.
/// The page-turning buttons (`b`, `g`, `wy`, `hb`, `wt`) may end in `.C`: the copy of the page
/// their message shows (UserProgress.pageCopy), so a press on an older copy is told apart.
enum Payload: Equatable, Sendable {
    case next(stage: String, index: Int)
    case back(stage: String, index: Int, copy: Int? = nil)
    case skip(stage: String, index: Int)
    case openMenu(stage: String, index: Int)
    case backToStep(stage: String, index: Int, copy: Int? = nil)
    case menuItem(stage: String, index: Int, item: String)
    case takeWish(stage: String, index: Int, item: String)
    case choose(stage: String, index: Int, option: String)
    case later
    case continueProgram
    case resume
    case toggleTheme(String)
    case pickerPace(String)
    case themesDone
    case themesDefaults
    case themeNext(slot: Int)
    case themeBack(slot: Int, copy: Int? = nil)
    case nps(Int)
    case npsNoComment
    case confirm
    case cancel
    case settingsThemes
    case settingsPace(String)
    case resetRequest
    case manifestoRead
    case undoSkip
    case why(stage: String, index: Int, copy: Int? = nil)
    case answerMicro(String)
    case whyTheme(slot: Int, copy: Int? = nil)

    var encoded: String {
        switch self {
        case let .next(stage, index): return "n:\(stage).\(index)"
        case let .back(stage, index, copy): return "b:\(stage).\(index)" + Self.suffix(copy)
        case let .skip(stage, index): return "s:\(stage).\(index)"
        case let .openMenu(stage, index): return "m:\(stage).\(index)"
        case let .backToStep(stage, index, copy): return "g:\(stage).\(index)" + Self.suffix(copy)
        case let .menuItem(stage, index, item): return "mi:\(stage).\(index).\(item)"
        case let .takeWish(stage, index, item): return "w:\(stage).\(index).\(item)"
        case let .choose(stage, index, option): return "c:\(stage).\(index).\(option)"
        case .later: return "l"
        case .continueProgram: return "k"
        case .resume: return "r"
        case .toggleTheme(let theme): return "t:\(theme)"
        case .pickerPace(let pace): return "tp:\(pace)"
        case .themesDone: return "td"
        case .themesDefaults: return "tx"
        case .themeNext(let slot): return "h:\(slot)"
        case let .themeBack(slot, copy): return "hb:\(slot)" + Self.suffix(copy)
        case .nps(let score): return "ns:\(score)"
        case .npsNoComment: return "nx"
        case .confirm: return "y"
        case .cancel: return "x"
        case .settingsThemes: return "st"
        case .settingsPace(let pace): return "sp:\(pace)"
        case .resetRequest: return "rr"
        case .manifestoRead: return "mr"
        case .undoSkip: return "us"
        case let .why(stage, index, copy): return "wy:\(stage).\(index)" + Self.suffix(copy)
        case .answerMicro(let id): return "ra:\(id)"
        case let .whyTheme(slot, copy): return "wt:\(slot)" + Self.suffix(copy)
        }
    }

    /// The payload a string encodes, or nil for anything malformed or unknown.
    static func parse(_ text: String) -> Payload? {
        guard text.utf8.count <= 64 else { return nil }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let verb = parts[0]
        let argument = parts.count == 2 ? parts[1] : nil
        guard let argument else { return bare(verb) }
        let fields = argument.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch (verb, fields.count) {
        case ("wy", 2), ("wy", 3), ("b", 3), ("g", 3):
            // A page turn, with the copy of the page it was shown on when there is one.
            guard let (stage, index) = stageStep(fields) else { return nil }
            var copy: Int?
            if fields.count == 3 {
                guard let number = smallNumber(fields[2]) else { return nil }
                copy = number
            }
            switch verb {
            case "wy": return .why(stage: stage, index: index, copy: copy)
            case "b": return .back(stage: stage, index: index, copy: copy)
            default: return .backToStep(stage: stage, index: index, copy: copy)
            }
        case ("hb", 2), ("wt", 2):
            guard let slot = smallNumber(fields[0]), let copy = smallNumber(fields[1]) else { return nil }
            return verb == "hb" ? .themeBack(slot: slot, copy: copy) : .whyTheme(slot: slot, copy: copy)
        case ("n", 2), ("b", 2), ("s", 2), ("m", 2), ("g", 2):
            guard let (stage, index) = stageStep(fields) else { return nil }
            switch verb {
            case "n": return .next(stage: stage, index: index)
            case "b": return .back(stage: stage, index: index)
            case "s": return .skip(stage: stage, index: index)
            case "m": return .openMenu(stage: stage, index: index)
            default: return .backToStep(stage: stage, index: index)
            }
        case ("mi", 3), ("w", 3), ("c", 3):
            guard let (stage, index) = stageStep(fields), Identifier.isValid(fields[2]) else { return nil }
            switch verb {
            case "mi": return .menuItem(stage: stage, index: index, item: fields[2])
            case "w": return .takeWish(stage: stage, index: index, item: fields[2])
            default: return .choose(stage: stage, index: index, option: fields[2])
            }
        case ("t", 1), ("tp", 1), ("sp", 1), ("ra", 1):
            guard Identifier.isValid(argument) else { return nil }
            switch verb {
            case "ra": return .answerMicro(argument)
            case "t": return .toggleTheme(argument)
            case "tp": return .pickerPace(argument)
            default: return .settingsPace(argument)
            }
        case ("h", 1), ("hb", 1), ("ns", 1), ("wt", 1):
            guard let number = smallNumber(argument) else { return nil }
            switch verb {
            case "wt": return .whyTheme(slot: number)
            case "h": return .themeNext(slot: number)
            case "hb": return .themeBack(slot: number)
            default: return .nps(number)
            }
        default:
            return nil
        }
    }

    private static func bare(_ verb: String) -> Payload? {
        switch verb {
        case "l": return .later
        case "k": return .continueProgram
        case "r": return .resume
        case "td": return .themesDone
        case "tx": return .themesDefaults
        case "nx": return .npsNoComment
        case "y": return .confirm
        case "x": return .cancel
        case "st": return .settingsThemes
        case "rr": return .resetRequest
        case "mr": return .manifestoRead
        case "us": return .undoSkip
        default: return nil
        }
    }

    private static func suffix(_ copy: Int?) -> String {
        copy.map { ".\($0)" } ?? ""
    }

    private static func stageStep(_ fields: [String]) -> (String, Int)? {
        guard Identifier.isValid(fields[0]), let index = smallNumber(fields[1]) else { return nil }
        return (fields[0], index)
    }

    /// Digits only, at most three (no signs, no spaces), so "ns:+7" or "h:1e3" are rejected.
    private static func smallNumber(_ text: String) -> Int? {
        guard (1...3).contains(text.utf8.count), text.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int(text)
    }
}
