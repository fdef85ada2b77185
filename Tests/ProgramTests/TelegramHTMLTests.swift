import Testing
@testable import Program

@Suite struct TelegramHTMLTests {
    @Test func parsedTextDropsTagsAndDecodesEntities() throws {
        let plain = try TelegramHTML.plainText(of: "<b>Hi</b> &amp; <i>bye</i> &lt;3 &#128512; &#x41;")
        #expect(plain == "Hi & bye <3 😀 A")
    }

    @Test func lengthIsCountedInUTF16UnitsOfTheParsedText() throws {
        // One emoji is two UTF-16 units; tags do not count.
        #expect(try TelegramHTML.parsedLength(of: "<b>😀</b>") == 2)
    }

    @Test(arguments: [
        ("<b>open", "never closed"),
        ("<b><i>x</b></i>", "was expected"),
        ("</i>", "not open"),
        ("<a href=\"x\">x</a>", "not allowed"),
        ("<b class=\"x\">x</b>", "no attributes"),
        ("<blockquote><blockquote>x</blockquote></blockquote>", "nested"),
        ("a & b", "bare '&'"),
        ("a &nbsp; b", "unknown entity"),
        ("1 < 2", "bare '<'"),
        ("2 > 1", "bare '>'"),
    ])
    func invalidHTMLIsRejectedWithAReason(html: String, reason: String) {
        #expect(throws: TelegramHTML.Problem.self) { try TelegramHTML.plainText(of: html) }
        do {
            _ = try TelegramHTML.plainText(of: html)
        } catch {
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    @Test func expandableBlockquoteIsAllowed() throws {
        #expect(try TelegramHTML.plainText(of: "<blockquote expandable>x</blockquote>") == "x")
    }

    @Test func userTextIsEscapedAndCanBeTruncated() throws {
        #expect(TelegramHTML.escape("<b>&") == "&lt;b&gt;&amp;")
        let cut = TelegramHTML.escape(String(repeating: "<", count: 10), truncatedTo: 4)
        #expect(try TelegramHTML.plainText(of: cut) == "<<<…")
    }
}
