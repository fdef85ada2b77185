import Foundation

extension EmulatorState {
    /// What the HTTP layer should do before running a method: the injected fault, if any.
    func faultAction(for method: String, chatID: Int64?) -> FaultPlan.Action {
        faults.action(for: method, chatID: chatID)
    }

    /// Runs one Bot API method and records it in the request log.
    func perform(_ arguments: MethodArguments) async -> Result<Reply, APIFailure> {
        let result: Result<Reply, APIFailure>
        do throws(APIFailure) {
            result = .success(try await run(arguments))
        } catch {
            result = .failure(error)
        }
        record(arguments, failure: result.failure)
        return result
    }

    func record(_ arguments: MethodArguments, failure: APIFailure?) {
        var parameters: [String: String] = [:]
        var uploaded: [String] = []
        for (name, value) in arguments.parameters.values {
            parameters[name] = value.logDescription
            if case .file = value { uploaded.append(name) }
        }
        log.append(RecordedRequest(
            method: arguments.spec.name, parameters: parameters, ignoredParameters: arguments.ignoredNames,
            isMultipart: arguments.parameters.isMultipart, uploadedFields: uploaded.sorted(),
            httpStatus: failure?.status ?? 200, errorDescription: failure?.description, date: configuration.now()))
        if let observer = configuration.observer {
            let chatID = arguments.text("chat_id").flatMap { Int64($0) }
                ?? arguments.text("callback_query_id").flatMap { callbackQueries[$0]?.chatID }
            observer(.botRequest(method: arguments.spec.name, chatID: chatID, succeeded: failure == nil, at: .now))
        }
    }

    private func run(_ arguments: MethodArguments) async throws(APIFailure) -> Reply {
        switch arguments.spec.name {
        case "getMe": return .user(getMeUser)
        case "getUpdates": return try await getUpdates(arguments)
        case "setWebhook": return try setWebhook(arguments)
        case "deleteWebhook": return deleteWebhook(arguments)
        case "getWebhookInfo": return .webhookInfo(webhookInfo)
        case "sendMessage": return try sendMessage(arguments)
        case "editMessageText": return try editMessageText(arguments)
        case "editMessageReplyMarkup": return try editMessageReplyMarkup(arguments)
        case "deleteMessage": return try deleteMessage(arguments)
        case "answerCallbackQuery": return try answerCallbackQuery(arguments)
        case "sendChatAction": return try sendChatAction(arguments)
        case "sendPhoto": return try sendPhoto(arguments)
        case "sendDocument": return try sendDocument(arguments)
        case "sendAudio": return try sendAudio(arguments)
        case "sendVoice": return try sendVoice(arguments)
        case "sendMediaGroup": return try sendMediaGroup(arguments)
        case "setMyCommands": return try setMyCommands(arguments)
        case "getMyCommands": return try getMyCommands(arguments)
        case "deleteMyCommands": return try deleteMyCommands(arguments)
        case "getFile": return try getFile(arguments)
        default: throw .notFound
        }
    }

    private var getMeUser: BotAPI.User {
        var user = botUser
        user.canJoinGroups = true
        user.canReadAllGroupMessages = false
        user.supportsInlineQueries = false
        return user
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
