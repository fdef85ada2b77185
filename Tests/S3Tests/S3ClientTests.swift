import Foundation
import S3TestSupport
import Testing
@testable import S3

/// The client against moto with authentication on: every request below is signed and checked.
@Suite(.enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/install-deps installs it): skipped"))
struct S3ClientTests {
    @Test func anObjectGoesUpComesBackAndGoes() async throws {
        let moto = try await MotoServer.shared()
        let client = try S3Client(settings: try await moto.makeBucket())
        let files = try S3TestFiles()
        defer { files.remove() }
        let upload = try files.file(bytes: 70_000)
        let key = "ab/cd/" + upload.sha256

        #expect(try await client.head(key: key) == nil)
        #expect(try await client.putIfAbsent(key: key, file: upload.url, sha256: upload.sha256))
        #expect(try await client.putIfAbsent(key: key, file: upload.url, sha256: upload.sha256) == false)
        #expect(try await client.head(key: key)?.size == 70_000)
        try await client.get(key: key, to: files.path("back"))
        #expect(try S3TestFiles.sha256(of: files.path("back")) == upload.sha256)
        #expect(try await client.get(key: key) == (try Data(contentsOf: upload.url)))

        try await client.delete(key: key)
        try await client.delete(key: key)
        #expect(try await client.head(key: key) == nil)
        let missing = await #expect(throws: S3Error.self) { try await client.get(key: key, to: files.path("gone")) }
        #expect(missing?.kind == .missingObject)
        #expect(!FileManager.default.fileExists(atPath: files.path("gone").path))
    }

    @Test func virtualHostedAddressingReachesTheSameBucket() async throws {
        let moto = try await MotoServer.shared()
        let pathStyle = try await moto.makeBucket()
        var virtual = pathStyle
        virtual.pathStyle = false
        virtual.endpoint = URL(string: "http://localhost:\(moto.port)")!
        try await S3Client(settings: virtual).put(key: "hello", data: Data("hi".utf8))
        #expect(try await S3Client(settings: pathStyle).get(key: "hello") == Data("hi".utf8))
        #expect(try await S3Client(settings: virtual).list(prefix: "").map(\.key) == ["hello"])
    }

    @Test func twentyMegabytesStreamUpAndDownThroughFiles() async throws {
        let moto = try await MotoServer.shared()
        let client = try S3Client(settings: try await moto.makeBucket())
        let files = try S3TestFiles()
        defer { files.remove() }
        let upload = try files.file(bytes: 20 << 20, seed: 7)

        try await client.put(key: upload.sha256, file: upload.url, sha256: upload.sha256)
        try await client.get(key: upload.sha256, to: files.path("download"))

        #expect(try await client.head(key: upload.sha256)?.size == 20 << 20)
        #expect(try S3TestFiles.sha256(of: files.path("download")) == upload.sha256)
    }

    @Test func aListingFollowsContinuationTokensAndKeepsToItsPrefix() async throws {
        let moto = try await MotoServer.shared()
        let client = try S3Client(settings: try await moto.makeBucket())
        let keys = (0..<23).map { "team/sogreto/" + String(format: "%02d", $0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for key in keys + ["team/other/x", "teamsogreto"] {
                group.addTask { try await client.put(key: key, data: Data(key.utf8)) }
            }
            try await group.waitForAll()
        }

        let listed = try await client.list(prefix: "team/sogreto/", pageSize: 5)

        #expect(listed.map(\.key) == keys)
        #expect(listed.allSatisfy { $0.size == Int64($0.key.utf8.count) && !$0.lastModified.isEmpty })
    }

    @Test func aWrongSecretIsRefusedWithOneSentenceThatHoldsNoSecret() async throws {
        let moto = try await MotoServer.shared()
        let good = try await moto.makeBucket()
        let wrongSecret = "wrong-" + moto.secretAccessKey.dropFirst(6)
        let client = try S3Client(settings: moto.settings(bucket: good.bucket, secret: wrongSecret))

        let error = await #expect(throws: S3Error.self) { try await client.checkBucket() }
        #expect(error?.kind == .refused(status: 403, code: "SignatureDoesNotMatch"))
        let sentence = error.map(String.init(describing:)) ?? ""
        #expect(sentence.hasPrefix("S3 at 127.0.0.1:\(moto.port) refused LIST of the bucket in bucket \"\(good.bucket)\""))
        #expect(!sentence.contains(wrongSecret) && !sentence.contains(moto.secretAccessKey))

        let unknownKey = try S3Client(settings: moto.settings(bucket: good.bucket, accessKeyID: "AKIAUNKNOWN0000000000"))
        let refused = await #expect(throws: S3Error.self) { try await unknownKey.put(key: "k", data: Data()) }
        #expect(refused?.kind == .refused(status: 403, code: "InvalidAccessKeyId"))
        try await S3Client(settings: good).checkBucket()
    }

    @Test func aBucketThatDoesNotExistIsNamed() async throws {
        let moto = try await MotoServer.shared()
        let client = try S3Client(settings: moto.settings(bucket: "no-such-bucket-here"))

        let error = await #expect(throws: S3Error.self) { try await client.checkBucket() }

        #expect(error?.kind == .missingBucket)
        #expect(error?.description == "S3 bucket \"no-such-bucket-here\" does not exist at 127.0.0.1:\(moto.port)")
    }
}
