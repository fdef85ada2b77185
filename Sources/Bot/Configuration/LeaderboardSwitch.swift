/// `SOGRETO_LEADERBOARD`: `on` or `off`. Off unless an operator turns it on: comparing days
/// with others can turn a practice into a streak to keep, which the program avoids.
enum LeaderboardSwitch: String, CaseIterableByName {
    case on, off

    static var names: [String] { ["on", "off"] }
}
