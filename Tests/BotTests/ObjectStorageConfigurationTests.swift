import Foundation
import Media
import S3
import S3TestSupport
import Testing
@testable import Bot

@Suite struct ObjectStorageConfigurationTests {
    private let complete = [
        "SOGRETO_S3_ENDPOINT": "https://storage.yandexcloud.net", "SOGRETO_S3_BUCKET": "sogreto-media",
        "SOGRETO_S3_REGION": "ru-central1", "SOGRETO_S3_ACCESS_KEY_ID": "YCAJE-key-id",
        "SOGRETO_S3_SECRET_ACCESS_KEY": "top-secret-value", "SOGRETO_S3_PREFIX": "prod",
    ]

    @Test func withoutS3VariablesMediaStayInTheLocalFolder() throws {
        let configuration = try Configuration.load(from: ["SOGRETO_DATA_DIR": "/tmp/none"])
        #expect(configuration.objectStorage == nil)
        #expect(try MediaStorage.blobStore(for: configuration) is FolderBlobStore)
    }

    @Test func theS3VariablesSelectTheBucket() throws {
        let configuration = try Configuration.load(from: complete.merging(["SOGRETO_DATA_DIR": "/tmp/none"]) { $1 })
        let settings = try #require(configuration.objectStorage)
        #expect(settings == S3Settings(endpoint: URL(string: "https://storage.yandexcloud.net")!, bucket: "sogreto-media",
                                       region: "ru-central1", accessKeyID: "YCAJE-key-id",
                                       secretAccessKey: "top-secret-value", pathStyle: false, prefix: "prod/"))
        #expect(try MediaStorage.blobStore(for: configuration) is S3BlobStore)
    }

    @Test func everyStoreOnOneBucketSharesOneClient() throws {
        // (Each client owns a transport thread and its connections.)
        let configuration = try Configuration.load(from: complete.merging(["SOGRETO_DATA_DIR": "/tmp/none"]) { $1 })
        var other = configuration
        other.objectStorage?.bucket = "sogreto-other"
        let first = try #require(try MediaStorage.blobStore(for: configuration) as? S3BlobStore)
        let second = try #require(try MediaStorage.blobStore(for: configuration) as? S3BlobStore)
        let elsewhere = try #require(try MediaStorage.blobStore(for: other) as? S3BlobStore)
        #expect(first.client === second.client)
        #expect(first.client !== elsewhere.client)
    }

    @Test func aMissingOrMalformedVariableIsNamedAndTheSecretNeverShown() {
        func error(_ changes: [String: String?]) -> String {
            var values = complete
            for (name, value) in changes { values[name] = value }
            do {
                _ = try Configuration.load(from: values)
                return "loaded"
            } catch {
                return "\(error)"
            }
        }
        #expect(error(["SOGRETO_S3_BUCKET": nil]).hasPrefix("SOGRETO_S3_BUCKET must be set"))
        #expect(error(["SOGRETO_S3_SECRET_ACCESS_KEY": nil]).hasPrefix("SOGRETO_S3_SECRET_ACCESS_KEY must be set"))
        #expect(error(["SOGRETO_S3_BUCKET": "Bad_Bucket"]).hasPrefix("SOGRETO_S3_BUCKET must be a bucket name"))
        #expect(error(["SOGRETO_S3_PATH_STYLE": "maybe"]) == "SOGRETO_S3_PATH_STYLE must be true or false, got \"maybe\"")
        #expect(error(["SOGRETO_S3_ENDPOINT": "http://10.0.0.5:9000"]).hasPrefix("SOGRETO_S3_PATH_STYLE must be true"))
        #expect(error(["SOGRETO_S3_ENDPOINT": "http://10.0.0.5:9000", "SOGRETO_S3_PATH_STYLE": "true"]) == "loaded")
        #expect(error(["SOGRETO_S3_PREFIX": "/abs"]).hasPrefix("SOGRETO_S3_PREFIX must be"))
        var dumped = ""
        dump(try? Configuration.load(from: complete), to: &dumped)
        #expect(!dumped.contains("top-secret-value"))
    }
}

/// The start-up check against moto with authentication on.
@Suite(.enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/install-deps installs it): skipped"))
struct ObjectStorageStartupTests {
    private func configuration(_ settings: S3Settings) throws -> Configuration {
        try Configuration.load(from: [
            "SOGRETO_DATA_DIR": "/tmp/none", "SOGRETO_S3_ENDPOINT": settings.endpoint.absoluteString,
            "SOGRETO_S3_BUCKET": settings.bucket, "SOGRETO_S3_REGION": settings.region,
            "SOGRETO_S3_ACCESS_KEY_ID": settings.accessKeyID, "SOGRETO_S3_SECRET_ACCESS_KEY": settings.secretAccessKey,
            "SOGRETO_S3_PATH_STYLE": settings.pathStyle ? "true" : "false",
        ])
    }

    @Test func aBucketThatExistsAndTakesTheCredentialsLetsTheBotStart() async throws {
        let moto = try await MotoServer.shared()
        try await MediaStorage.checkReachable(try configuration(try await moto.makeBucket()))
    }

    @Test func aBucketWithoutVersioningIsWarnedAboutUntilItIsTurnedOn() async throws {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket()
        let configuration = try configuration(settings)

        let before = await MediaStorage.versioningWarning(configuration)
        try await S3Client(settings: settings).enableVersioning()
        let after = await MediaStorage.versioningWarning(configuration)

        #expect(before == "S3 bucket \"\(settings.bucket)\" has versioning off: backups hold the database only, "
                + "so turn versioning on to protect the media (see DEPLOY.md)")
        #expect(after == nil)
        #expect(await MediaStorage.versioningWarning(try Configuration.load(from: ["SOGRETO_DATA_DIR": "/tmp/none"])) == nil)
    }

    @Test func aWrongSecretStopsStartUpWithOneSentence() async throws {
        let moto = try await MotoServer.shared()
        var settings = try await moto.makeBucket()
        settings.secretAccessKey = "not-the-secret-" + String(moto.secretAccessKey.prefix(8))

        let error = await #expect(throws: MediaStorageError.self) {
            try await MediaStorage.checkReachable(try configuration(settings))
        }

        #expect(error?.sentence == "Media storage (SOGRETO_S3_*): S3 at 127.0.0.1:\(moto.port) refused LIST of the bucket "
                + "in bucket \"\(settings.bucket)\" (403 SignatureDoesNotMatch): check the access key id and the secret access key.")
        #expect(error?.sentence.contains(settings.secretAccessKey) == false)
        #expect(error?.sentence.contains(moto.secretAccessKey) == false)
    }

    @Test func aBucketThatDoesNotExistStopsStartUpWithOneSentence() async throws {
        let moto = try await MotoServer.shared()

        let error = await #expect(throws: MediaStorageError.self) {
            try await MediaStorage.checkReachable(try configuration(moto.settings(bucket: "sogreto-nowhere")))
        }

        #expect(error?.sentence == "Media storage (SOGRETO_S3_*): S3 bucket \"sogreto-nowhere\" does not exist at 127.0.0.1:\(moto.port).")
    }
}
