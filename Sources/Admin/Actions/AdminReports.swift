public import Bot
import Foundation

/// The readable tables `sogreto admin` prints, from the same reports the HTTP API serves.
public enum AdminReports {
    public static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    public static func storage(_ report: StorageReport) -> String {
        var lines = ["Users with media: \(report.usersWithMedia)   photos: \(report.photos)   renders: \(report.renders)   stored: \(megabytes(report.bytes))"]
        if let onDisk = report.bytesOnDisk, let files = report.blobFiles {
            lines.append("On disk: \(files) blob files, \(megabytes(onDisk))")
        }
        if let budget = report.budget {
            lines.append("Budget: \(megabytes(budget.usedBytes)) of \(megabytes(budget.budgetBytes)) (\(Int((budget.fraction * 100).rounded())) %, \(budget.level.rawValue))")
        }
        let kinds = report.byFormat.map { ["photo \($0.name)", String($0.count), megabytes($0.bytes)] }
            + report.byRenderKind.map { ["render \($0.name)", String($0.count), megabytes($0.bytes)] }
        lines += ["", TextTable(headers: ["kind", "count", "size"], rows: kinds).rendered, ""]
        lines.append(TextTable(headers: ["top user", "photos", "renders", "size"], rows: report.topUsers.map {
            [String($0.userID), String($0.photos), String($0.renders), megabytes($0.bytes)]
        }).rendered)
        return lines.joined(separator: "\n")
    }

    public static func funnel(_ report: FunnelReport) -> String {
        let headers = ["", "opened kit", "started", "activation", "day 7", "completed", "stopped", "second kit", "NPS", "answers"]
        func row(_ r: FunnelReport.Row) -> [String] {
            [r.group, String(r.seen), String(r.started), r.activationPercent.map { "\($0) %" } ?? "-", String(r.day7),
             String(r.completed), String(r.stopped), r.nextKitPercent.map { "\(r.nextKit) (\($0) %)" } ?? String(r.nextKit),
             r.nps.map(String.init) ?? "-", String(r.npsResponses)]
        }
        return ["By kit", TextTable(headers: headers, rows: report.byKit.map(row) + [row(report.total)]).rendered, "",
                "By weekly cohort (week of activation, Monday UTC)",
                TextTable(headers: headers, rows: report.byCohort.map(row)).rendered, "",
                "By origin (came by a friend's gift or not)", TextTable(headers: headers, rows: report.byOrigin.map(row)).rendered, "",
                "Gift invites", giftTable(report.gifts)].joined(separator: "\n")
    }

    static func giftTable(_ gifts: GiftFunnel) -> String {
        TextTable(headers: ["gift", "sent", "opened", "started", "planted", "completed"], rows: (gifts.byGift + [gifts.total]).map {
            [$0.group, String($0.sent), String($0.opened), String($0.started), String($0.planted), String($0.completed)]
        }).rendered
    }

    public static func orphans(_ report: OrphanReport) -> String {
        guard !report.isEmpty else { return "No orphans: every blob has its row and every row its blob." }
        var lines: [String] = []
        if !report.blobsWithoutRow.isEmpty {
            lines.append("Blobs with no row (\(report.blobsWithoutRow.count), \(megabytes(report.bytesWithoutRow))):")
            lines += report.blobsWithoutRow.map { "  \($0.sha256)  \(megabytes($0.bytes))" }
        }
        if !report.rowsWithoutBlob.isEmpty {
            lines.append("Rows whose blob is missing (\(report.rowsWithoutBlob.count)):")
            lines += report.rowsWithoutBlob.map { "  \($0.table) #\($0.id) of user \($0.userID): \($0.sha256)" }
        }
        if !report.rendersWithoutSource.isEmpty {
            lines.append("Renders whose source photo is gone (\(report.rendersWithoutSource.count)):")
            lines += report.rendersWithoutSource.map { "  \($0.kind) #\($0.id) of user \($0.userID): \($0.missingSources.count) source(s) gone" }
        }
        return lines.joined(separator: "\n")
    }

    public static func user(_ media: UserMedia) -> String {
        let cap = media.quota.maxBytes.map(megabytes) ?? "none"
        return """
        User \(media.userID): \(media.status), kit \(media.kitCode ?? "-")
        Photos: \(media.photos.count) of \(media.quota.maxPhotos)   renders: \(media.renders.count)   stored: \(megabytes(media.bytes))   byte cap: \(cap)
        """
    }
}
