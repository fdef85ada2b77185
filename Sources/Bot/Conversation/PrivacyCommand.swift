import Foundation

/// /privacy: what is kept, why, where, for how long and who sees it, with /export and /forget;
/// /export: a copy of all of it.
extension Conversation {
    func privacyCommand(user: UserRecord) -> Decision {
        let locale = user.locale
        let place = strings.text(privacy.objectStorage ? "privacy_where_object_storage" : "privacy_where_server", locale)
        let inactive = privacy.inactiveDays.map { strings.text("privacy_inactive", locale, ["days": String($0)]) } ?? ""
        return reply("privacy", to: user, ["where": place, "inactive": inactive, "backup_days": String(privacy.backupDays),
                                           "leaderboard": leaderboardPrivacy(locale)])
    }

    /// /export: the ZIP is made by an "export" media task; meanwhile the chat shows "sending a file…".
    func exportCommand(user: UserRecord) -> Decision {
        var decision = Decision(user: user, actions: [.chatAction("upload_document")])
        decision.mediaTasks = [ExportHandler.request()]
        return decision
    }
}
