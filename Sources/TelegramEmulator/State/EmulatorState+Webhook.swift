import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Webhook mode: while a webhook is set, pending updates are POSTed to it one at a time, in
/// order, with the secret in `X-Telegram-Bot-Api-Secret-Token`; a 2xx reply confirms the update,
/// anything else is retried after a pause and shown in getWebhookInfo's `last_error_*`.
extension EmulatorState {
    static let webhookRetryDelay: Duration = .seconds(1)

    func startWebhookDelivery() {
        webhookTask?.cancel()
        webhookGeneration += 1
        let generation = webhookGeneration
        // One delivery loop per webhook setting; it ends when the webhook is changed or removed.
        webhookTask = Task { [weak self] in
            await self?.deliverWebhookUpdates(generation: generation)
        }
    }

    func stopWebhookDelivery() {
        webhookGeneration += 1
        webhookTask?.cancel()
        webhookTask = nil
        if let waiter = webhookWaiter { wakePoller(waiter, .terminated) }
    }

    private func deliverWebhookUpdates(generation: Int) async {
        let session = URLSession(configuration: .ephemeral)
        while !Task.isCancelled, generation == webhookGeneration, let settings = webhook {
            guard let update = updates.batch(limit: 1, allowed: settings.allowedUpdates.map(Set.init)).first else {
                await waitForWebhookWork()
                continue
            }
            let outcome = await Self.post(update, to: settings, session: session)
            guard generation == webhookGeneration else { break }
            if let error = outcome {
                webhookLastError = (unixNow, error)
                try? await Task.sleep(for: Self.webhookRetryDelay)
            } else {
                updates.confirm(below: update.id + 1)
            }
        }
        session.invalidateAndCancel()
    }

    private func waitForWebhookWork() async {
        let id = takeWaiterID()
        webhookWaiter = id
        defer { if webhookWaiter == id { webhookWaiter = nil } }
        _ = await withCheckedContinuation { (continuation: CheckedContinuation<PollWake, Never>) in
            pollers[id] = continuation
            Task { [weak self] in
                try? await Task.sleep(for: .seconds(5))
                await self?.wakePoller(id, .timedOut)
            }
        }
    }

    /// POSTs one update; nil on a 2xx reply, otherwise what went wrong (as Telegram words it).
    private nonisolated static func post(
        _ update: UpdateQueue.Pending, to settings: WebhookSettings, session: URLSession
    ) async -> String? {
        guard let url = URL(string: settings.url) else { return "Wrong webhook URL" }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let secret = settings.secretToken, !secret.isEmpty {
            request.setValue(secret, forHTTPHeaderField: "X-Telegram-Bot-Api-Secret-Token")
        }
        request.httpBody = update.json
        request.timeoutInterval = 60
        do {
            let (_, response) = try await session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return (200..<300).contains(status) ? nil : "Wrong response from the webhook: \(status)"
        } catch {
            return "Connection refused"
        }
    }
}
