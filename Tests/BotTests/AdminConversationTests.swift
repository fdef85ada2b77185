import TestSupport
import Foundation
import Testing
@testable import Bot

@Suite struct AdminConversationTests {
    let conversation: Conversation
    let figures = AdminFigures(
        storage: StorageReport(usersWithMedia: 0, photos: 0, renders: 0, bytes: 0, bytesOnDisk: nil, blobFiles: nil,
                               byFormat: [], byRenderKind: [],
                               budget: nil, topUsers: []),
        funnel: FunnelReport.build(from: []))

    init() throws {
        conversation = Conversation(strings: try loadStrings(), engine: try loadEngine(), supportContact: nil)
    }

    @Test func withoutFiguresAdminIsAnUnknownCommand() {
        let decision = conversation.decide(Updates.text("/admin"), user: nil, admission: .allowed, now: Date())
        #expect(decision.actions == [.message(text: conversation.strings.text("unknown_command", "ru"), keyboard: nil)])
    }

    @Test func withFiguresAdminShowsTheOverviewAndNothingIsWritten() {
        let decision = conversation.decide(Updates.text("/admin", language: "en"), user: nil, admission: .allowed,
                                           now: Date(), adminFigures: figures)
        guard case .message(let text, let keyboard) = decision.actions.first else {
            Issue.record("no message: \(decision.actions)")
            return
        }
        #expect(text.hasPrefix("<b>Storage</b>"))
        #expect(keyboard?.last?.first?.data == "adm:r")
        #expect(decision.quotaChanges.isEmpty && decision.events.isEmpty)
    }

    @Test func aQuotaButtonBecomesAQuotaChangeForTheStore() {
        let decision = conversation.decide(Updates.callback("adm:m:77:none", from: 42), user: nil, admission: .allowed,
                                           now: Date(), adminFigures: figures)
        #expect(decision.quotaChanges == [QuotaChangeRequest(userID: 77, change: MediaQuota.Change(maxBytes: .some(nil)),
                                                             actor: "telegram:42")])
    }

    @Test(arguments: ["adm:p:77:x", "adm:p:77:-1", "adm:m:77:0", "adm:q:77", "adm:", "adm:u:", "adm:u:1:2",
                      "adm:xq:day2", "adm:xy:day2:go", "adm:xy:day2:adopt", "adm:xy:day2:stop:b", "adm:x", "adm:xl:1"])
    func malformedAdminButtonsAreStale(data: String) {
        #expect(Conversation.AdminRequest(Updates.callback(data)) == nil)
    }

    @Test func adminRequestsAreRead() {
        #expect(Conversation.AdminRequest(Updates.text("/admin")) == .overview)
        #expect(Conversation.AdminRequest(Updates.text("/admin 123")) == .user(123))
        #expect(Conversation.AdminRequest(Updates.text("/help")) == nil)
        #expect(Conversation.AdminRequest(Updates.callback("adm:p:5:20")) == .setPhotos(5, 20))
        #expect(Conversation.AdminRequest(Updates.callback("adm:m:5:200")) == .setMegabytes(5, 200))
        #expect(Conversation.AdminRequest(Updates.callback("p:n:1")) == nil)
        #expect(Conversation.AdminRequest(Updates.text("/experiments")) == .experiments)
        #expect(Conversation.AdminRequest(Updates.callback("adm:x:day2")) == .experiment("day2"))
        #expect(Conversation.AdminRequest(Updates.callback("adm:xq:day2:stop")) == .confirmExperiment("day2", .stop))
        #expect(Conversation.AdminRequest(Updates.callback("adm:xy:day2:run")) == .changeExperiment("day2", .start))
        #expect(Conversation.AdminRequest(Updates.callback("adm:xy:day2:adopt:b")) == .changeExperiment("day2", .adopt("b")))
    }
}
