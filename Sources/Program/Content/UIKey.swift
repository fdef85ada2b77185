/// The engine's fixed user-facing strings, one key per string in
/// `assets/locales/program.<locale>.json`. Each key says whether it is a button label and
/// which placeholders its text may use, so the catalog can check every locale file.
package enum UIKey: String, CaseIterable, Sendable {
    // Buttons.
    case next, back, skip, later
    case continueButton, backToList, backToStep, takeWish
    case themesDone, themesDefaults, paceStandard, paceGentle
    case resumeButton, resetConfirm, resetCancel, switchConfirm, restartButton
    case npsSkipComment, settingsThemes, manifestoReadButton, skipWeekConfirm, skipWeekUndo, whyButton, microAnswer

    // Messages (Telegram HTML).
    case stepHeader, themeHeader
    case yourAnswer, yourWish, answerSaved, wishSaved, microAnswerTyped
    case textNotExpected, textOnChoice, textOnPicker, laterReply
    case stageDone, cardEarned, nextOpens, nextThemeOpens, stageOpen, themeUnlock, reminderWaiting
    case staleButton
    case paused, alreadyPaused, resumed, notPaused
    case weekSkipped, skipWhilePaused, skipWeekQuestion, skipWeekUndone, skipWeekUndoGone, skipBeforePlanting
    case stopped, alreadyStopped, welcomeBack, alreadyActive
    case resetQuestion, resetCancelled, switchQuestion, alreadyCompleted
    case unknownKit, notStarted, programUnavailable
    case statusTitle, statusDay, statusStage, statusNext, statusNoNext, statusPhotos
    case statusThemes, statusPace, statusPaused, statusStopped, statusCompleted, statusSkipping, statusBeforePlanting
    case themesNotChosen, themesNotChosenLater, themesNotChosenOpen, endingRest
    case microReplaced, microClosed, microClosedContinue
    case themesPrompt, themesSelected, themesLimit, themesSaved, themesDefaultsUsed
    case settingsTitle
    case menuPick
    case dateFormat

    /// Whether the string is a button label (plain text, no HTML, short).
    var isButtonLabel: Bool {
        switch self {
        case .next, .back, .skip, .later, .continueButton, .backToList, .backToStep, .takeWish,
             .themesDone, .themesDefaults, .paceStandard, .paceGentle, .resumeButton, .resetConfirm,
             .resetCancel, .switchConfirm, .restartButton, .npsSkipComment, .settingsThemes,
             .manifestoReadButton, .skipWeekConfirm, .skipWeekUndo, .whyButton, .microAnswer:
            return true
        default:
            return false
        }
    }

    /// Placeholders the string may use; anything else in braces is a content problem.
    var placeholders: Set<String> {
        switch self {
        case .stepHeader, .themeHeader: return ["stage", "index", "count", "title"]
        case .yourAnswer, .answerSaved: return ["answer"]
        case .microAnswerTyped: return ["question", "answer"]
        case .yourWish, .wishSaved: return ["wish"]
        case .stageDone, .stageOpen, .welcomeBack: return ["stage"]
        case .nextOpens: return ["stage", "date", "day"]
        case .nextThemeOpens: return ["date", "day"]
        case .themeUnlock: return ["theme"]
        case .cardEarned: return ["cards"]
        case .reminderWaiting: return ["item"]
        case .switchQuestion: return ["current", "new"]
        case .unknownKit: return ["code", "program"]
        case .statusTitle, .alreadyCompleted: return ["program"]
        case .statusDay: return ["day", "total"]
        case .statusStage: return ["stage"]
        case .statusNext: return ["stage", "date"]
        case .statusPhotos: return ["count"]
        case .statusThemes, .themesSaved, .themesDefaultsUsed: return ["themes"]
        case .statusPace: return ["pace"]
        case .statusPaused, .statusSkipping: return ["date"]
        case .themesNotChosen: return ["day"]
        case .themesNotChosenLater: return ["stage"]
        case .microReplaced: return ["question"]
        case .microClosedContinue: return ["item"]
        case .themesPrompt, .themesLimit: return ["count"]
        case .themesSelected: return ["selected", "count"]
        case .settingsTitle: return ["themes", "pace"]
        case .dateFormat: return ["weekday", "day", "month"]
        default: return []
        }
    }
}
