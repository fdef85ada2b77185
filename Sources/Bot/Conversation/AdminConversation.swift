import Foundation
import Program

/// `/admin` and its `adm:` buttons, for users in `SOGRETO_ADMIN_IDS` only: storage totals, the
/// funnel, a user card and quota buttons. The figures were read before `decide` (see
/// `AdminFiguresReader`); without them, as for everyone else, the command does not exist.
extension Conversation {
    static let adminPrefix = "adm:"

    /// Photo caps and byte caps (MiB) offered as buttons on a user card.
    static let adminPhotoChoices = [10, 20, 50]
    static let adminMegabyteChoices = [50, 200]

    /// What an admin asked for, from a message or a button.
    enum AdminRequest: Equatable {
        case overview
        case user(Int64)
        case setPhotos(Int64, Int)
        /// nil: no byte cap.
        case setMegabytes(Int64, Int?)
        /// The admin previews a variant of an experiment for themselves (nil: as users see it).
        case preview(String, String?)
        /// The experiments (/experiments), one experiment's card, a change asked about, a change confirmed.
        case experiments
        case experiment(String)
        case confirmExperiment(String, ExperimentChange)
        case changeExperiment(String, ExperimentChange)

        init?(_ update: Update) {
            if let text = update.message?.text {
                guard let command = Command(text: text), command.name == "admin" || command.name == "experiments" else { return nil }
                if command.name == "experiments" {
                    self = .experiments
                } else if let argument = command.argument {
                    guard let id = Int64(argument) else { self = .overview; return }
                    self = .user(id)
                } else {
                    self = .overview
                }
                return
            }
            guard let data = update.callbackQuery?.data, data.hasPrefix(Conversation.adminPrefix) else { return nil }
            let parts = data.dropFirst(Conversation.adminPrefix.count).split(separator: ":").map(String.init)
            switch (parts.first, parts.count) {
            case ("r", 1): self = .overview
            case ("u", 2): guard let id = Int64(parts[1]) else { return nil }; self = .user(id)
            case ("p", 3):
                guard let id = Int64(parts[1]), let photos = Int(parts[2]), MediaQuota.Change.photoLimit.contains(photos) else { return nil }
                self = .setPhotos(id, photos)
            case ("v", 3): self = .preview(parts[1], parts[2] == "-" ? nil : parts[2])
            case ("xl", 1): self = .experiments
            case ("x", 2): self = .experiment(parts[1])
            case ("xq", 3...), ("xy", 3...):
                guard let change = ExperimentChange(parts[2...]) else { return nil }
                self = parts[0] == "xq" ? .confirmExperiment(parts[1], change) : .changeExperiment(parts[1], change)
            case ("m", 3):
                guard let id = Int64(parts[1]) else { return nil }
                if parts[2] == "none" { self = .setMegabytes(id, nil); return }
                guard let megabytes = Int(parts[2]), (1...1_048_576).contains(megabytes) else { return nil }
                self = .setMegabytes(id, megabytes)
            default: return nil
            }
        }

        var userID: Int64? {
            switch self {
            case .overview, .preview, .experiments, .experiment, .confirmExperiment, .changeExperiment: return nil
            case .user(let id), .setPhotos(let id, _), .setMegabytes(let id, _): return id
            }
        }
    }

    /// The admin's decision, or nil to let the update take the ordinary path.
    func admin(_ update: Update, user: UserRecord?, figures: AdminFigures, admission: Admission, now: Date) -> Decision? {
        guard admission == .allowed, let request = AdminRequest(update) else { return nil }
        if let message = update.message, let sender = message.from {
            guard message.chat.isPrivate else { return nil }
            let locale = user?.locale ?? strings.locale(forLanguageCode: sender.languageCode)
            let (text, keyboard) = adminView(request, figures: figures, locale: locale)
            return Decision(user: user, actions: [.message(text: text, keyboard: keyboard)])
        }
        guard let query = update.callbackQuery, query.message?.chat.isPrivate ?? true else { return nil }
        let locale = user?.locale ?? strings.locale(forLanguageCode: query.from.languageCode)
        var figures = figures
        var decision = Decision(user: user)
        var answerText: String?
        if let change = Self.quotaChange(for: request) {
            decision.quotaChanges = [QuotaChangeRequest(userID: change.userID, change: change.change,
                                                        actor: "telegram:\(query.from.id)")]
            // Show the card as it will be once the store applies the change with this update.
            if var shown = figures.user {
                if let photos = change.change.maxPhotos { shown.quota.maxPhotos = photos ?? MediaQuota.defaultMaxPhotos }
                if let bytes = change.change.maxBytes { shown.quota.maxBytes = bytes }
                figures.user = shown
                answerText = strings.text("admin_quota_saved", locale)
            }
        }
        if case .preview(_, let variant) = request { answerText = adminPreviewAnswer(variant, locale: locale) }
        if case .changeExperiment(let id, let change) = request,
           let made = experimentDecision(id, change, figures: &figures, actor: "telegram:\(query.from.id)", now: now) {
            decision.experimentDecisions = [made]
            answerText = adminExperimentChanged(change, locale: locale)
        }
        decision.actions.append(.answerCallback(queryID: query.id, text: answerText, alert: false))
        let (text, keyboard) = adminView(request, figures: figures, locale: locale)
        if let messageID = query.message?.messageID {
            decision.actions.append(.editText(messageID: messageID, text: text, keyboard: keyboard))
        } else {
            decision.actions.append(.message(text: text, keyboard: keyboard))
        }
        return decision
    }

    private static func quotaChange(for request: AdminRequest) -> (userID: Int64, change: MediaQuota.Change)? {
        switch request {
        case .setPhotos(let id, let photos): return (id, MediaQuota.Change(maxPhotos: .some(photos)))
        case .setMegabytes(let id, let megabytes):
            return (id, MediaQuota.Change(maxBytes: .some(megabytes.map { Int64($0) * 1024 * 1024 })))
        case .overview, .user, .preview, .experiments, .experiment, .confirmExperiment, .changeExperiment: return nil
        }
    }

    private func adminView(_ request: AdminRequest, figures: AdminFigures, locale: String) -> (String, [[Button]]) {
        switch request {
        case .experiments: return adminExperimentList(figures, locale: locale)
        case .experiment(let id), .preview(let id, _), .changeExperiment(let id, _):
            return adminExperimentCard(id, figures: figures, locale: locale)
        case .confirmExperiment(let id, let change): return adminExperimentQuestion(id, change, figures: figures, locale: locale)
        case .overview, .user, .setPhotos, .setMegabytes: break
        }
        guard let id = request.userID else { return adminOverview(figures, locale: locale) }
        guard let media = figures.user else {
            return (strings.text("admin_user_missing", locale, ["id": String(id)]),
                    [[Button(strings.text("admin_button_back", locale), Self.adminPrefix + "r")]])
        }
        return adminUserCard(media, locale: locale)
    }

    /// Gift invites through the funnel, once there are any.
    private func adminGiftLine(_ gifts: GiftFunnel.Row, locale: String) -> String {
        guard gifts.sent > 0 else { return "" }
        return "\n\n" + strings.text("admin_gifts", locale, ["sent": String(gifts.sent), "opened": String(gifts.opened),
                                                             "started": String(gifts.started), "planted": String(gifts.planted),
                                                             "completed": String(gifts.completed)])
    }

    private func adminOverview(_ figures: AdminFigures, locale: String) -> (String, [[Button]]) {
        let storage = figures.storage
        let funnel = figures.funnel.total
        var budget = ""
        if let usage = storage.budget {
            budget = strings.text("admin_budget", locale, ["budget": Self.megabytes(usage.budgetBytes, locale),
                                                            "percent": Self.percent(usage.fraction, locale)])
        }
        let formats = storage.byFormat.map { "\($0.name) \($0.count) (\(Self.megabytes($0.bytes, locale)))" }
            + storage.byRenderKind.map { "\($0.name) \($0.count) (\(Self.megabytes($0.bytes, locale)))" }
        let kits = figures.funnel.byKit.prefix(8).map {
            "\($0.group): \($0.seen) → \($0.started) → \($0.day7) → \($0.completed) → \($0.nextKit)"
        }
        let text = strings.text("admin_overview", locale, [
            "users": String(storage.usersWithMedia), "photos": String(storage.photos),
            "renders": String(storage.renders), "mb": Self.megabytes(storage.bytes, locale),
            "formats": formats.isEmpty ? "—" : formats.joined(separator: ", "),
            "seen": String(funnel.seen), "started": String(funnel.started),
            "activation": funnel.activationPercent.map { Self.percent(Double($0) / 100, locale) } ?? "—",
            "day7": String(funnel.day7), "completed": String(funnel.completed), "stopped": String(funnel.stopped),
            "next_kit": String(funnel.nextKit),
            "next_kit_percent": funnel.nextKitPercent.map { Self.percent(Double($0) / 100, locale) } ?? "—",
            "nps": funnel.nps.map(String.init) ?? "—", "responses": String(funnel.npsResponses),
            "kits": kits.isEmpty ? "—" : kits.joined(separator: "\n"), "budget_line": budget,
        ]) + adminGiftLine(figures.funnel.gifts.total, locale: locale)
        var rows = storage.topUsers.prefix(5).map {
            [Button("👤 \($0.userID) · \(Self.megabytes($0.bytes, locale))", Self.adminPrefix + "u:\($0.userID)")]
        }
        let experiments = adminExperiments(figures, locale: locale)
        rows += experiments.rows
        rows.append([Button(strings.text("admin_button_refresh", locale), Self.adminPrefix + "r")])
        return (text + experiments.text, rows)
    }

    private func adminUserCard(_ media: UserMedia, locale: String) -> (String, [[Button]]) {
        let id = String(media.userID)
        let text = strings.text("admin_user", locale, [
            "id": id, "status": media.status, "kit": media.kitCode ?? "—",
            "photos": String(media.photos.count), "max_photos": String(media.quota.maxPhotos),
            "renders": String(media.renders.count), "mb": Self.megabytes(media.bytes, locale),
            "max_mb": media.quota.maxBytes.map { Self.megabytes($0, locale) } ?? strings.text("admin_no_limit", locale),
        ])
        let photoRow = Self.adminPhotoChoices.map {
            Button(strings.text("admin_button_photos", locale, ["n": String($0)]), Self.adminPrefix + "p:\(id):\($0)")
        }
        let byteRow = Self.adminMegabyteChoices.map {
            Button(strings.text("admin_button_mb", locale, ["n": String($0)]), Self.adminPrefix + "m:\(id):\($0)")
        } + [Button(strings.text("admin_no_limit", locale), Self.adminPrefix + "m:\(id):none")]
        return (text, [photoRow, byteRow, [Button(strings.text("admin_button_back", locale), Self.adminPrefix + "r")]])
    }

    /// Bytes as MiB with one decimal in the reader's language: "12.5" / "12,5".
    static func megabytes(_ bytes: Int64, _ locale: String) -> String {
        let tenths = Int((Double(bytes) / 1_048_576 * 10).rounded())
        return "\(tenths / 10)\(PercentWording(locale: locale).decimalSeparator)\(tenths % 10)"
    }

    /// A share as the reader's language writes a percentage: "12 %" / "12%".
    static func percent(_ share: Double, _ locale: String) -> String {
        PercentWording(locale: locale).format(share)
    }
}
