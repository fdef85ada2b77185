import ArgumentParser
import BlobStore
import Foundation
import S3

/// `sogreto-bench s3-memory`: the memory a large blob costs on its way to and from a bucket.
/// Uploads and downloads stream through files, so the process's peak resident memory should
/// grow by far less than the blob's size.
struct S3TransferMemoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "s3-memory",
        abstract: "Store a large blob in a bucket and read it back; print this process's peak RSS before and after.",
        discussion: """
            The bucket is the one of SOGRETO_S3_* when set, else a moto server started on loopback. \
            Exits 1 when the peak grew by more than --max-growth-mb.
            """)

    @Option(help: "The blob's size in MB.")
    var mb = 200
    @Option(help: "The largest acceptable growth of the peak RSS, in MB.")
    var maxGrowthMb = 64

    func run() async throws {
        let bucket = try await BenchBucket.make()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sogreto-s3-memory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("blob")
        try writeFile(source, megabytes: mb)
        let store = S3BlobStore(client: try S3Client(settings: bucket.settings), scratch: folder.appendingPathComponent("work"))
        // Warm: the client's first request (connection, TLS-free loopback) is not what is measured.
        _ = try await store.put(Data("warm-up".utf8), format: .jpeg)
        let before = ProcessStats.read()?.peakResidentBytes ?? 0
        let started = ContinuousClock.now
        let stored = try await store.put(contentsOf: source, format: .jpeg)
        let uploaded = ContinuousClock.now - started
        let afterUpload = ProcessStats.read()?.peakResidentBytes ?? 0
        let back = folder.appendingPathComponent("back")
        try await store.get(stored.name, to: back)
        let downloaded = ContinuousClock.now - started - uploaded
        let afterDownload = ProcessStats.read()?.peakResidentBytes ?? 0
        let intact = (try? FileManager.default.attributesOfItem(atPath: back.path)[.size] as? NSNumber)?.int64Value == stored.size
        let growth = afterDownload - before
        print("""
            | figure | value |
            | --- | --- |
            | bucket | \(bucket.description) |
            | blob | \(mb) MB, read back \(intact ? "whole" : "NOT whole") |
            | upload / download | \(Report.seconds(uploaded)) / \(Report.seconds(downloaded)) |
            | peak RSS before / after upload / after download | \(Report.megabytes(before)) / \(Report.megabytes(afterUpload)) / \(Report.megabytes(afterDownload)) |
            | peak RSS growth | \(Report.megabytes(growth)) |
            """)
        if !intact || growth > maxGrowthMb << 20 { throw ExitCode(1) }
    }

    /// `megabytes` of varied bytes, written one megabyte at a time.
    private func writeFile(_ url: URL, megabytes: Int) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw BenchError("cannot write \(url.path)") }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var block = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 131) })
        for index in 0..<megabytes {
            block[0] = UInt8(truncatingIfNeeded: index)
            block[1] = UInt8(truncatingIfNeeded: index >> 8)
            try handle.write(contentsOf: block)
        }
    }
}
