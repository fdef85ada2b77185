import Foundation
import Testing
@testable import Reports

@Suite struct PracticeDiaryDataTests {
    @Test func theSampleDiaryDecodesAndSurvivesARoundTrip() throws {
        let diary = try Fixtures.russianDiary()
        #expect(diary.userName == "Анна Ёлкина")
        #expect(diary.stages.count == 4)
        #expect(diary.endDate == (try CalendarDay(iso: "2026-11-25")))
        #expect(try PracticeDiaryData.decode(from: diary.encoded()) == diary)
    }

    @Test func aMidProgramDiaryMayOmitTheOptionalKeys() throws {
        let json = """
        {"version":1,"locale":"en","userName":"Sam","programTitle":"Microgreens","startDate":"2026-11-05",
         "stages":[],"photos":[],"growth":[],
         "statistics":{"daysPractised":1,"photos":0,"stagesCompleted":0,"stagesTotal":5},
         "generatedAt":"2026-11-06T08:00:00Z"}
        """
        let diary = try PracticeDiaryData.decode(from: Data(json.utf8))
        #expect(diary.endDate == nil && diary.manifesto == nil && diary.beforeAfter == nil && diary.wish == nil)
    }

    @Test func anotherVersionIsRejectedWithASentence() {
        let json = #"{"version": 2}"#
        #expect(throws: ReportsError.unsupportedVersion(2)) { try PracticeDiaryData.decode(from: Data(json.utf8)) }
        #expect(ReportsError.unsupportedVersion(2).description.contains("export it again"))
    }

    @Test func badValuesNameWhereTheyAre() throws {
        var diary = try Fixtures.russianDiary()
        diary.locale = "de"
        #expect(throws: ReportsError.dataInvalid("locale \"de\" is not \"ru\" or \"en\"")) { try diary.validate() }

        let broken = String(decoding: try diary.encoded(), as: UTF8.self)
            .replacingOccurrences(of: "\"2026-11-05\"", with: "\"2026-13-05\"")
        #expect { try PracticeDiaryData.decode(from: Data(broken.utf8)) } throws: { error in
            String(describing: error).contains("2026-13-05")
        }
        #expect { try PracticeDiaryData.decode(from: Data("not json".utf8)) } throws: { error in
            String(describing: error) == "The diary data is invalid: it is not valid JSON."
        }
    }

    @Test func datesAreWrittenPerLocale() throws {
        let assets = try Fixtures.assets()
        let day = try CalendarDay(iso: "2026-11-25")
        #expect(try assets.strings(for: "ru").format(day) == "25 ноября 2026")
        #expect(try assets.strings(for: "en").format(day) == "25 November 2026")
    }

    @Test func templatesFillPlaceholdersOnceAndKeepUnknownOnes() {
        #expect(PracticeDiaryStrings.fill("Практика: {title} {x}", ["title": "{title}"]) == "Практика: {title} {x}")
    }
}
