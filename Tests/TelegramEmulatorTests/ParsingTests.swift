import Foundation
import Testing
@testable import TelegramEmulator

@Suite("Readers for JSON, multipart bodies and media headers")
struct ParsingTests {
    @Test func jsonReaderKeepsIntegersExactAndDecodesEscapes() throws {
        let value = try #require(JSONValue.parse(#"{"id": -1001234567890123, "t": "a\"\n\u00e9\ud83c\udf31", "f": 1.5, "b": [true, null]}"#))
        #expect(value["id"]?.int64Value == -1001234567890123)
        #expect(value["t"]?.stringValue == "a\"\né🌱")
        #expect(value["f"]?.parameterText == "1.5")
        #expect(value["b"]?.arrayValue == [.bool(true), .null])
    }

    @Test func jsonReaderRejectsMalformedInput() {
        for text in ["{", "[1,]", #"{"a" 1}"#, "tru", #""unterminated"#, "{} extra", #""\ud83c""#] {
            #expect(JSONValue.parse(text) == nil, "\(text)")
        }
    }

    @Test func multipartPartsKeepFileNamesAndBinaryContent() throws {
        let binary = Data([0, 13, 10, 45, 45, 255])
        var body = Data("--XyZ\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n42\r\n".utf8)
        body.append(Data("--XyZ\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a b.bin\"\r\nContent-Type: application/x-thing\r\n\r\n".utf8))
        body.append(binary)
        body.append(Data("\r\n--XyZ--\r\n".utf8))
        let parts = try #require(MultipartParser.parse(body, boundary: "XyZ"))
        #expect(parts.count == 2)
        #expect(parts[0].value.text == "42")
        guard case .file(let file) = parts[1].value else { Issue.record("not a file"); return }
        #expect(file.fileName == "a b.bin")
        #expect(file.contentType == "application/x-thing")
        #expect(file.data == binary)
        #expect(MultipartParser.boundary(fromContentType: #"multipart/form-data; boundary="XyZ""#) == "XyZ")
    }

    @Test func imageHeadersGiveDimensions() {
        #expect(ImageHeader(TestMedia.png(width: 1234, height: 567)) == ImageHeader(width: 1234, height: 567, mimeType: "image/png"))
        #expect(ImageHeader(TestMedia.jpeg(width: 4000, height: 3000)) == ImageHeader(width: 4000, height: 3000, mimeType: "image/jpeg"))
        #expect(ImageHeader(Data("GIF89a".utf8)) == nil)
    }

    @Test func audioDurationsAreEstimatedFromHeaders() {
        #expect(AudioDuration.mp3(TestMedia.mp3(seconds: 10)) == 10)
        #expect(AudioDuration.oggOpus(TestMedia.oggOpus(seconds: 42)) == 42)
        #expect(AudioDuration.mp3(Data("not audio".utf8)) == nil)
    }

    @Test func floodBucketsRefillExactlyAtTheirRate() {
        var flood = FloodControl(limits: FloodLimits(overall: nil, perChat: .init(burst: 3, perSecond: 1), perGroup: nil))
        let atStart = (0..<4).map { _ in flood.admit(chatID: 1, isGroup: false, now: 100) }
        #expect(atStart == [nil, nil, nil, 1])
        #expect(flood.admit(chatID: 1, isGroup: false, now: 100.5) == 1)
        #expect(flood.admit(chatID: 1, isGroup: false, now: 101.0) == nil)
        #expect(flood.admit(chatID: 2, isGroup: false, now: 101.0) == nil)
    }
}
