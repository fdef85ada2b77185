/// The last report of the page's scripted scenario (`/?scenario=smoke`): the page checks its
/// own DOM after each step and posts the outcome here, so a headless browser run can be judged
/// from outside without a DevTools connection.
actor ScenarioReports {
    private var latest: SandboxJSON.ScenarioReport?

    func record(_ report: SandboxJSON.ScenarioReport) {
        latest = report
    }

    func last() -> SandboxJSON.ScenarioReport? {
        latest
    }
}
