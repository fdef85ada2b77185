public import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A local Telegram Bot API server for tests and the sandbox: the bot talks to `baseURL` over
/// HTTP as it would to api.telegram.org, while tests play the users through this object's
/// methods and inspect what the users would see.
///
/// ```swift
/// let emulator = try await TelegramEmulator.start()
/// let anna = await emulator.newUser(firstName: "Анна", languageCode: "ru")
/// await emulator.sendText("/start kit42", from: anna)
/// // … run the bot against emulator.baseURL with emulator.token …
/// let replies = try await emulator.waitForMessages(in: anna.chatID, count: 1)
/// await emulator.shutdown()
/// ```
///
/// Parse modes: HTML is implemented as Telegram documents it; Markdown and MarkdownV2 are
/// refused with "Bad Request: unsupported parse_mode …". The methods and parameters accepted are
/// listed, as data, in `MethodTable.methods`.
public final class TelegramEmulator: Sendable {
    /// Where the bot should send requests: `{baseURL}/bot{token}/{method}`.
    public let baseURL: URL
    public let token: String
    public let configuration: EmulatorConfiguration

    let state: EmulatorState
    private let serviceGroup: ServiceGroup
    private let serverTask: Task<Void, Never>

    private init(
        baseURL: URL, configuration: EmulatorConfiguration, state: EmulatorState, serviceGroup: ServiceGroup,
        serverTask: Task<Void, Never>
    ) {
        self.baseURL = baseURL
        self.token = configuration.token
        self.configuration = configuration
        self.state = state
        self.serviceGroup = serviceGroup
        self.serverTask = serverTask
    }

    /// Starts the server and returns once it accepts connections.
    public static func start(_ configuration: EmulatorConfiguration = .init()) async throws -> TelegramEmulator {
        let state = EmulatorState(configuration: configuration)
        var logger = Logger(label: "TelegramEmulator")
        logger.logLevel = .warning
        let (events, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let application = Application(
            responder: BotAPIResponder(state: state, token: configuration.token),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(.success(channel.localAddress?.port ?? configuration.port))
            },
            logger: logger)
        let serviceGroup = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let serverTask = Task {
            do {
                try await serviceGroup.run()
                continuation.yield(.failure(EmulatorError("The emulator's HTTP server stopped before it started.")))
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        for await event in events {
            let port = try event.get()
            let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
            guard let url = URL(string: "http://\(host):\(port)") else {
                throw EmulatorError("The emulator could not form a URL from host \(configuration.host).")
            }
            return TelegramEmulator(
                baseURL: url, configuration: configuration, state: state, serviceGroup: serviceGroup,
                serverTask: serverTask)
        }
        throw EmulatorError("The emulator's HTTP server did not start.")
    }

    /// Stops the server: waiting long polls end at once, then connections close.
    public func shutdown() async {
        await state.stopWebhookDelivery()
        await state.finishObservers()
        await state.wakePollers(.timedOut)
        await serviceGroup.triggerGracefulShutdown()
        await serverTask.value
    }
}
