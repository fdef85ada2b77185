/// When `sogreto run` backs up and how many backups it keeps.
public struct BackupSettings: Sendable, Equatable {
    /// Minutes after local midnight (the server's `TZ`) of the daily backup; nil turns it off.
    public var minuteOfDay: Int? = 3 * 60 + 30
    /// The newest backup of each of this many most recent days is kept.
    public var keepDaily = 7
    /// The newest backup of each of this many most recent ISO weeks is kept.
    public var keepWeekly = 4

    init() {}

    init(_ reader: VariableReader) throws {
        minuteOfDay = try reader.timeOfDay("SOGRETO_BACKUP_TIME", default: minuteOfDay)
        keepDaily = try reader.integer("SOGRETO_BACKUP_KEEP_DAILY", default: keepDaily, range: 1...366)
        keepWeekly = try reader.integer("SOGRETO_BACKUP_KEEP_WEEKLY", default: keepWeekly, range: 0...520)
    }
}
