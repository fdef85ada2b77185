import Bot
import Hummingbird

/// `GET /admin/experiments`, `GET /admin/experiments/{id}`, and `POST …/{id}/start`, `…/stop`,
/// `…/adopt/{variant}` (audited; `?by=NAME` names who asked, as for the other changes).
extension AdminRoutes {
    static func installExperiments(on api: RouterGroup<BasicRequestContext>, actions: AdminActions) {
        api.get("experiments") { _, _ in JSONResponse.make(try await actions.experimentReports()) }
        api.get("experiments/:id") { _, context in
            JSONResponse.make(try await actions.experimentReport(try experimentID(context)))
        }
        api.post("experiments/:id/start") { request, context in
            JSONResponse.make(try await actions.decide(experiment: try experimentID(context), .start, actor: requester(request).0))
        }
        api.post("experiments/:id/stop") { request, context in
            JSONResponse.make(try await actions.decide(experiment: try experimentID(context), .stop, actor: requester(request).0))
        }
        api.post("experiments/:id/adopt/:variant") { request, context in
            guard let variant = context.parameters.get("variant") else { throw AdminError.badRequest("Name the variant to adopt.") }
            return JSONResponse.make(try await actions.decide(experiment: try experimentID(context), .adopt(variant),
                                                               actor: requester(request).0))
        }
    }

    private static func experimentID(_ context: BasicRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), !id.isEmpty else { throw AdminError.badRequest("Name the experiment.") }
        return id
    }
}
