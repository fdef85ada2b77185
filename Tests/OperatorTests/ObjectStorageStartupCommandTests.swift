import Foundation
import S3
import S3TestSupport
import Testing
import TestSupport

/// `sogreto run` with media in a bucket (moto, authentication on): it starts when the bucket
/// takes the credentials, and stops with one sentence, without the secret, when it does not.
@Suite(.enabled(if: MotoServer.isInstalled && FileManager.default.isExecutableFile(atPath: sogretoBinary.path),
                "needs moto_server (scripts/install-deps) and the built sogreto executable"))
struct ObjectStorageStartupCommandTests {
    private func environment(data: URL, moto: MotoServer, bucket: String, secret: String) -> [String: String] {
        AssetsLocationTests.environment(data: data).merging([
            "SOGRETO_S3_ENDPOINT": "http://127.0.0.1:\(moto.port)", "SOGRETO_S3_BUCKET": bucket,
            "SOGRETO_S3_ACCESS_KEY_ID": moto.accessKeyID, "SOGRETO_S3_SECRET_ACCESS_KEY": secret,
            "SOGRETO_S3_PATH_STYLE": "true", "SOGRETO_S3_PREFIX": "prod",
        ]) { $1 }
    }

    @Test func theBotChecksTheBucketAtStartAndNamesIt() async throws {
        let moto = try await MotoServer.shared()
        let settings = try await moto.makeBucket()
        let data = temporaryDirectory("s3-start")
        defer { try? FileManager.default.removeItem(at: data) }
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)

        let good = try await runCommand(sogretoBinary, ["run", "--dry-run"],
                                        environment: environment(data: data, moto: moto, bucket: settings.bucket,
                                                                 secret: moto.secretAccessKey), in: data)
        let wrongSecret = "wrong-" + moto.secretAccessKey.dropFirst(6)
        let refused = try await runCommand(sogretoBinary, ["run", "--dry-run"],
                                           environment: environment(data: data, moto: moto, bucket: settings.bucket,
                                                                    secret: wrongSecret), in: data)

        #expect(good.status == 0, "\(good.standardError)")
        #expect(good.standardOutput.contains("media: S3 bucket \"\(settings.bucket)\" at 127.0.0.1:\(moto.port)"),
                "\(good.standardOutput)")
        // The bucket has versioning off: start-up warns (backups hold the database only)
        #expect((good.standardOutput + good.standardError).contains("S3 bucket \"\(settings.bucket)\" has versioning off"),
                "\(good.standardError)")
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("Media storage (SOGRETO_S3_*): S3 at 127.0.0.1:\(moto.port) refused LIST "
                                               + "of the bucket in bucket \"\(settings.bucket)\" (403 SignatureDoesNotMatch)"),
                "\(refused.standardError)")
        for output in [good.standardOutput, good.standardError, refused.standardOutput, refused.standardError] {
            #expect(!output.contains(moto.secretAccessKey) && !output.contains(wrongSecret))
        }
    }
}
