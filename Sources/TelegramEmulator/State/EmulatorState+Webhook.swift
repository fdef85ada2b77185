import Foundation
import HTTPTransport

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
        let connections = min(configuration.webhookConnections, webhook?.maxConnections ?? 1)
        if connections > 1 {
            await deliverWebhookUpdates(generation: generation, connections: connections)
            return
        }
        // libcurl, as the bot itself uses: no binary that embeds the emulator links URLSession.
        guard let transport = CurlTransport(maxConnections: 1, threadName: "emulator-webhook") else { return }
        defer { transport.shutdown() }
        while !Task.isCancelled, generation == webhookGeneration, let settings = webhook {
            guard let update = updates.batch(limit: 1, allowed: settings.allowedUpdates.map(Set.init)).first else {
                await waitForWebhookWork()
                continue
            }
            let outcome = await Self.post(update, to: settings, transport: transport)
            guard generation == webhookGeneration else { break }
            if let error = outcome {
                webhookLastError = (unixNow, error)
                try? await Task.sleep(for: Self.webhookRetryDelay)
            } else {
                updates.confirm(below: update.id + 1)
            }
        }
    }

    private enum PushEvent: Sendable {
        case pushed(UpdateQueue.Pending, error: String?)
        case workArrived
    }

    /// Up to `connections` pushes in flight, never two of one chat (each chat's updates arrive in
    /// order); a failed push holds its chat for the retry pause, then goes again.
    private func deliverWebhookUpdates(generation: Int, connections: Int) async {
        guard let transport = CurlTransport(maxConnections: connections, threadName: "emulator-webhook") else { return }
        defer { transport.shutdown() }
        await withTaskGroup(of: PushEvent.self) { group in
            var inFlight = Set<Int64>()
            var busyChats = Set<Int64?>()
            var waiting = false
            while !Task.isCancelled, generation == webhookGeneration, let settings = webhook {
                if inFlight.count < connections {
                    // Scanned in order: a chat whose push is in flight holds its later updates.
                    for update in updates.batch(limit: 4_096, allowed: settings.allowedUpdates.map(Set.init))
                    where inFlight.count < connections && !inFlight.contains(update.id) {
                        guard busyChats.insert(update.chatID).inserted else { continue }
                        inFlight.insert(update.id)
                        group.addTask {
                            let error = await Self.post(update, to: settings, transport: transport)
                            if error != nil { try? await Task.sleep(for: Self.webhookRetryDelay) }
                            return .pushed(update, error: error)
                        }
                    }
                }
                if !waiting, inFlight.count < connections {
                    waiting = true
                    group.addTask { [weak self] in
                        await self?.waitForWebhookWork()
                        return .workArrived
                    }
                }
                guard let event = await group.next() else { break }
                guard generation == webhookGeneration else { break }
                switch event {
                case .workArrived:
                    waiting = false
                case .pushed(let update, let error):
                    inFlight.remove(update.id)
                    busyChats.remove(update.chatID)
                    if let error { webhookLastError = (unixNow, error) } else { updates.confirm(id: update.id) }
                }
            }
            group.cancelAll()
            if let waiter = webhookWaiter { wakePoller(waiter, .terminated) }
        }
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
        _ update: UpdateQueue.Pending, to settings: WebhookSettings, transport: CurlTransport
    ) async -> String? {
        guard URL(string: settings.url) != nil else { return "Wrong webhook URL" }
        var headers = ["Content-Type: application/json", "Expect:"]
        if let secret = settings.secretToken, !secret.isEmpty {
            headers.append("X-Telegram-Bot-Api-Secret-Token: \(secret)")
        }
        let request = HTTPRequest(method: "POST", url: settings.url, headers: headers, body: .data(update.json),
                                  limits: TransferLimits(total: 60, connect: 10, stall: nil), label: "webhook")
        do {
            let reply = try await transport.perform(request)
            return (200..<300).contains(reply.status) ? nil : "Wrong response from the webhook: \(reply.status)"
        } catch {
            return "Connection refused"
        }
    }
}
