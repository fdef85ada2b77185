import StrictJSON
import Testing

@Suite("The one JSON parser: values, positions of mistakes, nesting and size")
struct JSONParserTests {
    private func parse(_ text: String, maximumDepth: Int = 64) throws(JSONParser.SyntaxError) -> JSONTree {
        try JSONParser.parse(Array(text.utf8), maximumDepth: maximumDepth)
    }

    private func failure(_ text: String, maximumDepth: Int = 64) -> JSONParser.SyntaxError? {
        do {
            _ = try parse(text, maximumDepth: maximumDepth)
            return nil
        } catch {
            return error
        }
    }

    @Test func objectsKeepKeyOrderAndDuplicatesAndNumbersKeepTheirLiteral() throws {
        let tree = try parse(#"{"b": 1, "a": [true, null, "x"], "b": -1001234567890123456, "e": 1.5e3}"#)
        guard case .object(let members) = tree else { Issue.record("not an object: \(tree)"); return }
        #expect(members.map(\.key) == ["b", "a", "b", "e"])
        #expect(members[1].value == .array([.bool(true), .null, .string("x")]))
        // Beyond 2^53: the literal keeps the exact id the Double cannot.
        guard case .number(_, let literal) = members[2].value else { Issue.record("not a number"); return }
        #expect(literal == "-1001234567890123456")
        guard case .number(let value, _) = members[3].value else { Issue.record("not a number"); return }
        #expect(value == 1500)
    }

    @Test func stringsDecodeEscapesAndSurrogatePairs() throws {
        #expect(try parse(#""a\"\\\/\b\f\n\r\t\u00e9\ud83c\udf31""#) == .string("a\"\\/\u{08}\u{0C}\n\r\té🌱"))
        #expect(try parse("\u{FEFF}\"bom\"") == .string("bom"))
    }

    @Test(arguments: [
        ("{", "expected a key in double quotes"),
        ("[", "unexpected end of the document"),
        ("[1,]", "unexpected character ']'"),
        (#"{"a" 1}"#, "expected ':' after the key \"a\""),
        ("tru", "invalid literal, expected 'true'"),
        (#""unterminated"#, "unterminated string"),
        ("{} extra", "unexpected characters after the end of the document"),
        (#""\ud83c""#, "unpaired surrogate in \\u escape"),
        ("01", "unexpected characters after the end of the document"),
        ("+1", "unexpected character '+'"),
        ("1.", "invalid number: digits expected after '.'"),
        ("\"a\u{01}\"", "control character inside a string (write \\n for a line break)"),
        (#"{1: 2}"#, "expected a key in double quotes"),
        ("", "unexpected end of the document"),
    ])
    func malformedInputIsRefusedWithASentence(text: String, message: String) {
        #expect(failure(text)?.message == message, "\(text)")
    }

    @Test func invalidUTF8InsideAStringIsRefusedNotReplaced() {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x22]
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(bytes) }
    }

    @Test func mistakesAreReportedAtTheirLineAndColumnCountingCharactersNotBytes() {
        // Line 3: two Cyrillic letters (two bytes each) inside the string, then a missing comma.
        let text = "{\n  \"a\": 1,\n  \"б\": \"жж\" \"c\": 2\n}"
        let error = failure(text)
        #expect(error?.line == 3)
        #expect(error?.column == 13)
        #expect(error?.message == "expected ',' or '}' in an object")
        #expect(failure("[1,\n\n   x]")?.line == 3)
        #expect(failure("[1,\n\n   x]")?.column == 4)
    }

    @Test func nestingUpToTheLimitParsesAndOneLevelMoreIsRefused() throws {
        let limit = 64
        _ = try parse(String(repeating: "[", count: limit) + String(repeating: "]", count: limit))
        let deeper = failure(String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1))
        #expect(deeper?.message == "nesting deeper than 64 levels")
        #expect(deeper?.column == limit + 1)
        // The emulator's limit is a parameter, not a second parser.
        _ = try parse(String(repeating: "{\"a\":", count: 500) + "1" + String(repeating: "}", count: 500), maximumDepth: 512)
    }

    @Test func aMillionOpenBracketsAreRefusedQuicklyWithoutDeepRecursion() {
        let started = ContinuousClock.now
        let error = failure(String(repeating: "[", count: 1_000_000), maximumDepth: 512)
        #expect(error?.message == "nesting deeper than 512 levels")
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func aFourMegabyteDocumentParsesInWellUnderASecond() throws {
        // The content checker's cap is 4 MB per file (checked before parsing): the largest input it parses.
        let element = #"{"id": "step-1", "text": "Посмотрите на ростки 🌱", "day": 12},"#
        let count = (4 << 20) / element.utf8.count
        let text = "[" + String(repeating: element, count: count) + "null]"
        let started = ContinuousClock.now
        guard case .array(let elements) = try parse(text) else { Issue.record("not an array"); return }
        #expect(elements.count == count + 1)
        #expect(ContinuousClock.now - started < .seconds(10))  // linear, not quadratic: generous for a debug build on a busy machine
    }
}
