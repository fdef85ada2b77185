import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who holds a `flock` on a file: the pid from `/proc/locks` (the file's device and inode), its
/// command from `/proc/<pid>/cmdline`, else what the owner wrote into the file.
enum LockHolder {
    static func describe(descriptor: Int32) -> String {
        var status = stat()
        if fstat(descriptor, &status) == 0, let pid = pidHolding(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)) {
            return "pid \(pid) (\(command(of: pid)))"
        }
        if let recorded = recordedHolder(descriptor) { return recorded }
        return "another process"
    }

    /// The command line of a process, shortened: the program's file name and its arguments.
    static func command(of pid: Int32) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else {
            return pid == getpid() ? CommandLine.arguments.joined(separator: " ") : "unknown command"
        }
        var parts = data.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        while parts.last?.isEmpty == true { parts.removeLast() }
        if let program = parts.first { parts[0] = URL(fileURLWithPath: program).lastPathComponent }
        let line = parts.joined(separator: " ")
        return line.count > 120 ? String(line.prefix(117)) + "…" : line
    }

    /// Lines read `1: FLOCK  ADVISORY  WRITE 1234 08:01:56789 0 EOF`; `->` lines are waiters.
    private static func pidHolding(device: UInt64, inode: UInt64) -> Int32? {
        guard let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        let wanted = String(format: "%02x:%02x:%llu", major(device), minor(device), inode)
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5] == Substring(wanted),
                  let pid = Int32(fields[4]) else { continue }
            return pid
        }
        return nil
    }

    private static func major(_ device: UInt64) -> UInt64 { ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff)) }
    private static func minor(_ device: UInt64) -> UInt64 { (device & 0xff) | ((device >> 12) & ~UInt64(0xff)) }

    private static func recordedHolder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let line = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let space = line.firstIndex(of: " "), let pid = Int32(line[..<space]) else { return nil }
        return "pid \(pid) (\(line[line.index(after: space)...]))"
    }
}
