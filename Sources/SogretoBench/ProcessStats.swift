import Foundation

/// Memory and CPU figures of one process, read from Linux's /proc (nil elsewhere or when the
/// process is gone).
struct ProcessStats: Sendable {
    /// Resident set size now, and its peak since the process started (VmRSS, VmHWM), in bytes.
    var residentBytes: Int
    var peakResidentBytes: Int
    /// User + system CPU time consumed so far.
    var cpuSeconds: Double

    static func read(pid: Int32? = nil) -> ProcessStats? {
        let directory = pid.map { "/proc/\($0)" } ?? "/proc/self"
        guard let status = try? String(contentsOfFile: "\(directory)/status", encoding: .utf8),
              let resident = kilobytes("VmRSS:", in: status),
              let peak = kilobytes("VmHWM:", in: status) else { return nil }
        return ProcessStats(residentBytes: resident * 1024, peakResidentBytes: peak * 1024,
                            cpuSeconds: cpuSeconds(statFile: "\(directory)/stat") ?? 0)
    }

    /// A "Name:   1234 kB" line of /proc/PID/status, in kilobytes.
    private static func kilobytes(_ field: String, in status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }) else { return nil }
        return line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
    }

    /// Fields 14 and 15 of /proc/PID/stat (utime, stime), in clock ticks; the command name in
    /// field 2 may contain spaces, so counting starts after its closing parenthesis.
    private static func cpuSeconds(statFile: String) -> Double? {
        guard let stat = try? String(contentsOfFile: statFile, encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ")": state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// The machine's load average, as /proc/loadavg gives it ("1.20 0.90 0.75").
enum LoadAverage {
    static func read() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
