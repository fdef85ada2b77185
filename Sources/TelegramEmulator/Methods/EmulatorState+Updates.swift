import Foundation

extension EmulatorState {
    /// Long polling as Telegram does it: confirms updates below `offset`, answers at once when
    /// updates are pending, otherwise waits up to `timeout` seconds and answers as soon as one
    /// arrives. A newer getUpdates call ends an older waiting one with 409, like Telegram.
    func getUpdates(_ arguments: MethodArguments) async throws(APIFailure) -> Reply {
        if webhook != nil {
            throw APIFailure(
                status: 409,
                description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
        }
        if let offset = try arguments.integer("offset") {
            if offset < 0 { updates.keepLast(Int(clamping: -offset)) } else { updates.confirm(below: offset) }
        }
        if let allowed = arguments.json("allowed_updates")?.arrayValue {
            let names = allowed.compactMap(\.stringValue)
            allowedUpdates = names.isEmpty ? nil : Set(names)
        }
        let limit = min(100, max(1, try arguments.int("limit") ?? 100))
        let timeout = min(configuration.maxLongPollTimeout, Double(max(0, try arguments.int("timeout") ?? 0)))
        wakePollers(.terminated)
        var batch = updates.batch(limit: limit, allowed: allowedUpdates)
        if batch.isEmpty && timeout > 0 {
            let wake = await waitForUpdates(seconds: timeout)
            if wake == .terminated {
                throw APIFailure(
                    status: 409,
                    description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
            }
            batch = updates.batch(limit: limit, allowed: allowedUpdates)
        }
        return .updates(batch)
    }

    private func waitForUpdates(seconds: Double) async -> PollWake {
        let id = takeWaiterID()
        return await withCheckedContinuation { (continuation: CheckedContinuation<PollWake, Never>) in
            pollers[id] = continuation
            // A timer per waiting poll: it only resumes the waiter, and does nothing if an update
            // already did.
            Task { [weak self] in
                try? await Task.sleep(for: .seconds(seconds))
                await self?.wakePoller(id, .timedOut)
            }
        }
    }

    func setWebhook(_ arguments: MethodArguments) throws(APIFailure) -> Reply {
        let url = arguments.text("url") ?? ""
        if url.isEmpty {
            webhook = nil
            stopWebhookDelivery()
            return .bool(true)
        }
        guard url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://127.0.0.1")
            || url.lowercased().hasPrefix("http://localhost"), URL(string: url)?.host != nil else {
            throw .badRequest("bad webhook: An HTTPS URL must be provided for webhook")
        }
        if let secret = arguments.text("secret_token"), !secret.isEmpty {
            let allowed = secret.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            guard secret.count <= 256, allowed else {
                throw .badRequest("secret token contains unallowed characters")
            }
        }
        if arguments.bool("drop_pending_updates") { updates.removeAll() }
        let allowedUpdates = arguments.json("allowed_updates")?.arrayValue?.compactMap(\.stringValue)
        webhook = WebhookSettings(
            url: url, secretToken: arguments.text("secret_token"),
            maxConnections: try arguments.int("max_connections") ?? 40, allowedUpdates: allowedUpdates)
        webhookLastError = nil
        wakePollers(.terminated)
        startWebhookDelivery()
        return .bool(true)
    }

    func deleteWebhook(_ arguments: MethodArguments) -> Reply {
        webhook = nil
        stopWebhookDelivery()
        if arguments.bool("drop_pending_updates") { updates.removeAll() }
        return .bool(true)
    }

    var webhookInfo: BotAPI.WebhookInfo {
        BotAPI.WebhookInfo(
            url: webhook?.url ?? "", hasCustomCertificate: false, pendingUpdateCount: updates.count,
            maxConnections: webhook?.maxConnections, allowedUpdates: webhook?.allowedUpdates,
            lastErrorDate: webhook == nil ? nil : webhookLastError?.date,
            lastErrorMessage: webhook == nil ? nil : webhookLastError?.message)
    }
}
