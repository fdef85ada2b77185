import Foundation
import Testing
@testable import S3

@Suite struct S3AddressTests {
    private func settings(pathStyle: Bool, endpoint: String = "https://s3.example.org") -> S3Settings {
        S3Settings(endpoint: URL(string: endpoint)!, bucket: "media", region: "eu-central-1", accessKeyID: "AKIA",
                   secretAccessKey: "s3cr3t", pathStyle: pathStyle)
    }

    @Test func theQueryIsSortedByNameAndEncodedAsSigV4Wants() {
        // libcurl 7.88 signs the query as written, so the client must write it canonically.
        let query = S3Address.encodeQuery([("prefix", "team/ph~o to+="), ("list-type", "2"),
                                           ("continuation-token", "1/a+b=")])
        #expect(query == "continuation-token=1%2Fa%2Bb%3D&list-type=2&prefix=team%2Fph~o%20to%2B%3D")
    }

    @Test func pathStyleAndVirtualHostedAddressesPutTheBucketInThePathOrTheHost() {
        let key = "sogreto/ab/cd/file name.jpg"
        #expect(S3Address(settings: settings(pathStyle: true)).url(key: key)
            == "https://s3.example.org/media/sogreto/ab/cd/file%20name.jpg")
        #expect(S3Address(settings: settings(pathStyle: false)).url(key: key)
            == "https://media.s3.example.org/sogreto/ab/cd/file%20name.jpg")
        #expect(S3Address(settings: settings(pathStyle: true, endpoint: "http://127.0.0.1:9000/")).url(key: nil, query: [("list-type", "2")])
            == "http://127.0.0.1:9000/media?list-type=2")
        #expect(S3Address(settings: settings(pathStyle: false)).url(key: nil) == "https://media.s3.example.org/")
    }

    @Test func theSecretNeverPrints() {
        let settings = settings(pathStyle: true)
        var dumped = ""
        dump(settings, to: &dumped)
        #expect(!"\(settings)".contains("s3cr3t"))
        #expect(!dumped.contains("s3cr3t"))
        #expect("\(settings)".contains("bucket \"media\" at s3.example.org"))
    }

    @Test func retriesBackOffTwiceAsLongEachTimeUpToTheLimit() {
        let policy = S3RetryPolicy(attempts: 5, firstDelay: .milliseconds(200), maxDelay: .milliseconds(500))
        #expect([2, 3, 4, 5].map(policy.delay(before:)) == [.milliseconds(200), .milliseconds(400),
                                                             .milliseconds(500), .milliseconds(500)])
    }
}

@Suite struct S3ListPageTests {
    @Test func aPageGivesItsObjectsAndTheTokenOfTheNext() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>media</Name><Prefix>p/</Prefix>\
            <KeyCount>2</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>true</IsTruncated>\
            <Contents><Key>p/a&amp;b</Key><LastModified>2026-12-06T16:43:35.000Z</LastModified><Size>6</Size></Contents>\
            <Contents><Key>p/c&#x41;</Key><LastModified>2026-12-06T16:43:36.000Z</LastModified><Size>12</Size></Contents>\
            <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken></ListBucketResult>
            """
        let page = try #require(S3ListPage(xml: xml))
        #expect(page.objects == [S3Object(key: "p/a&b", size: 6, lastModified: "2026-12-06T16:43:35.000Z"),
                                 S3Object(key: "p/cA", size: 12, lastModified: "2026-12-06T16:43:36.000Z")])
        #expect(page.continuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    }

    @Test func theLastPageHasNoTokenAndAnythingElseIsNotAPage() {
        #expect(S3ListPage(xml: "<ListBucketResult><IsTruncated>false</IsTruncated><Prefix/></ListBucketResult>")
            == S3ListPage(xml: "<ListBucketResult></ListBucketResult>"))
        #expect(S3ListPage(xml: "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>")?.objects == [])
        #expect(S3ListPage(xml: "<Error><Code>NoSuchBucket</Code></Error>") == nil)
        #expect(S3ListPage(xml: "<ListBucketResult><Contents><Key>k</Key><Size>x</Size></Contents></ListBucketResult>") == nil)
        #expect(S3ListPage(xml: "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>") == nil)
    }
}
