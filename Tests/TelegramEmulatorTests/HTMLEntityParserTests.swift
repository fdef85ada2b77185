import Testing
@testable import TelegramEmulator

@Suite("HTML parse mode, as Telegram parses it")
struct HTMLEntityParserTests {
    let parser = HTMLEntityParser()

    private func parse(_ html: String) throws -> FormattedText {
        try parser.parse(html).get()
    }

    private func failure(_ html: String) -> String? {
        if case .failure(let error) = parser.parse(html) { return error.reason }
        return nil
    }

    @Test func supportedTagsBecomeEntitiesWithUTF16Offsets() throws {
        // Given text with an emoji (two UTF-16 units) before the formatting
        let parsed = try parse("🌱 <b>bold</b> <i>it</i> <u>u</u> <s>s</s> <tg-spoiler>x</tg-spoiler> <code>c</code>")

        // Then offsets count the emoji as two units, and each tag maps to its entity type
        #expect(parsed.text == "🌱 bold it u s x c")
        #expect(parsed.entities.map(\.type) == ["bold", "italic", "underline", "strikethrough", "spoiler", "code"])
        #expect(parsed.entities[0].offset == 3)
        #expect(parsed.entities[0].length == 4)
    }

    @Test func synonymsLinksPreBlockquotesAndCustomEmoji() throws {
        let parsed = try parse(
            #"<strong>a</strong><em>b</em><ins>c</ins><del>d</del><strike>e</strike><span class="tg-spoiler">f</span>"#
            + #"<a href="https://example.com/?a=1&amp;b=2">g</a><pre><code class="language-swift">h</code></pre>"#
            + #"<blockquote>i</blockquote><blockquote expandable>j</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>"#)
        #expect(parsed.text == "abcdefghij👍")
        #expect(parsed.entities.map(\.type) == [
            "bold", "italic", "underline", "strikethrough", "strikethrough", "spoiler", "text_link", "pre",
            "blockquote", "expandable_blockquote", "custom_emoji",
        ])
        #expect(parsed.entities[6].url == "https://example.com/?a=1&b=2")
        #expect(parsed.entities[7].language == "swift")
        #expect(parsed.entities[10].customEmojiId == "5368324170671202286")
    }

    @Test func namedAndNumericEntitiesAreDecoded() throws {
        #expect(try parse("&lt;3 &gt; &amp; &quot;hi&quot; &#128512; &#x1F331;").text == "<3 > & \"hi\" 😀 🌱")
    }

    @Test func nestedTagsGiveNestedEntitiesOrderedByOffset() throws {
        let parsed = try parse("<b>bold <i>both</i></b>")
        #expect(parsed.entities.map(\.type) == ["bold", "italic"])
        #expect(parsed.entities[1].offset == 5)
        #expect(parsed.entities[1].length == 4)
    }

    @Test func errorsUseTelegramsSentencesWithByteOffsets() {
        #expect(failure("hello <br> there") == "Unsupported start tag \"br\" at byte offset 6")
        #expect(failure("<b>never closed") == "Can't find end tag corresponding to start tag \"b\"")
        #expect(failure("<b><i>x</b></i>") == "Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\"")
        #expect(failure("x</b>") == "Unexpected end tag at byte offset 1")
        #expect(failure("price < 100") == "Unsupported start tag \"\" at byte offset 6")
        #expect(failure("<b") == "Unclosed start tag at byte offset 0")
        #expect(failure("<span>x</span>") == "Tag \"span\" must have class \"tg-spoiler\" at byte offset 0")
    }

    @Test func byteOffsetsCountUTF8BytesOfCyrillic() {
        // "Привет " is 13 UTF-8 bytes
        #expect(failure("Привет <p>") == "Unsupported start tag \"p\" at byte offset 13")
    }

    @Test func bareAmpersandIsRefusedByDefaultAndKeptWhenLenient() throws {
        #expect(failure("Tom & Jerry") == "Character \"&\" at byte offset 4 must be escaped as &amp;")
        let lenient = HTMLEntityParser(rejectsBareAmpersand: false)
        #expect(try lenient.parse("Tom & Jerry &nbsp;").get().text == "Tom & Jerry &nbsp;")
    }

    @Test func trimmingMovesAndClipsEntities() throws {
        let trimmed = try parse("  \n<b> hi</b>  ").trimmed()
        #expect(trimmed.text == "hi")
        #expect(trimmed.entities.first?.offset == 0)
        #expect(trimmed.entities.first?.length == 2)
    }
}
