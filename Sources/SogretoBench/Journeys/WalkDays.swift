import Bot
import Foundation
import Program
import Sandbox
import TelegramEmulator

/// Day numbers: never past the program's length, and one numbering across /status, the photo
/// labels, the collage and the PDF.
extension JourneyWalk {
    func checkDays(_ step: StepContext) async throws {
        // A reset or another kit starts a new journey: its collage and PDF show only its own photos.
        if let before = step.before.progress?.startedAt, let after = step.after.progress?.startedAt, before != after {
            photoDays = []
        }
        let locale = step.after.record?.locale ?? language
        guard let texts = wordings(locale) else { return }
        let length = [step.before.progress, step.after.progress].compactMap { $0 }
            .compactMap { self.texts(for: $0, locale: locale)?.durationDays }.max()
        for message in step.replies {
            let words = botWords(message)
            if let length, let over = Self.dayNumbers(in: words).first(where: { $0 > length }) {
                find(.dayNumbers, step, "day \(over) of a \(length)-day program: \(Self.head(message))")
            }
            let today = localDate(step.after.record?.timeZone)
            if case .command("/status") = step.action, let day = WalkTexts.numbers(texts.statusDay, in: words).first?.first {
                statusDay = (day, today)
                // /status names only days still ahead.
                for numbers in WalkTexts.numbers(texts.themesChoiceDay, in: words) where (numbers.first ?? Int.max) <= day {
                    find(.dayNumbers, step, "/status on day \(day) says the themes are chosen on day \(numbers.first ?? 0)")
                }
            }
            for numbers in WalkTexts.numbers(texts.photoSaved, in: words) {
                guard let day = numbers.first else { continue }
                // The same local date only: the seconds between the two may cross midnight.
                if let statusDay, statusDay.date == today, statusDay.day != day {
                    find(.dayNumbers, step, "/status said day \(statusDay.day), the photo just sent is labelled day \(day)")
                }
                photoDays.insert(day)
            }
            // "the new photo (day 13) took the place of photo #7 · day 0": the new photo's day comes first.
            for numbers in WalkTexts.numbers(texts.photoReplaced, in: words) {
                if let day = numbers.first { photoDays.insert(day) }
            }
            for numbers in WalkTexts.numbers(texts.collageCaption, in: words) {
                for day in numbers where !photoDays.contains(day) {
                    find(.dayNumbers, step, "collage says day \(day), this journey's photos were saved as days \(photoDays.sorted())")
                }
            }
            if message.kind == .document, message.fileName?.hasSuffix(".pdf") == true, let fileID = message.fileID {
                try await checkPracticeDiaryPDF(fileID: fileID, texts: texts, length: length, step)
            }
        }
    }

    /// The user's local date on the bot's clock.
    func localDate(_ zone: TimeZone?) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: bot.clock.now())
        return "\(parts.year ?? 0)-\(parts.month ?? 0)-\(parts.day ?? 0)"
    }

    /// Numbers after "day"/"день"/"дня" on the same line (a date's day of month is not preceded
    /// by the word; a chart's "by program day" above its "25 %" axis is not a day number).
    static func dayNumbers(in text: String) -> [Int] {
        guard let pattern = try? NSRegularExpression(pattern: #"(?<!\p{L})(?:day|день|дня|дню)[ \t\u00A0]+(\d+)(?![\d.,]*\s*%)"#,
                                                     options: [.caseInsensitive]) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).flatMap { Int(text[$0]) }
        }
    }

    func wordings(_ locale: String) -> WalkTexts? {
        if let cached = walkTexts[locale] { return cached }
        let loaded = try? WalkTexts.load(assets: assets, locale: locale)
        walkTexts[locale] = loaded
        return loaded
    }

    /// The days under this journey's photos in the PDF's text. A state plant's line ("Patience ·
    /// day 0 · kit") names the day it was earned, and earlier journeys' photos keep their own days.
    static func photoCaptionDays(in text: String, texts: WalkTexts) -> [Int] {
        let thisJourney = texts.pdfEarlierJourneys.flatMap { text.range(of: $0) }.map { String(text[..<$0.lowerBound]) } ?? text
        let captions = WalkTexts.removing(texts.pdfPlantLine, from: thisJourney)
        return WalkTexts.numbers(texts.pdfPhotoCaption, in: captions).flatMap { $0 }
    }

    /// The PDF diary as text (poppler's pdftotext): its day numbers and photo captions.
    private func checkPracticeDiaryPDF(fileID: String, texts: WalkTexts, length: Int?, _ step: StepContext) async throws {
        guard let data = await bot.emulator.downloadFile(fileID: fileID),
              let text = try await PDFText.extract(data) else { return }
        if let folder = ProcessInfo.processInfo.environment["SOGRETO_WALK_PDF_DIR"] {
            // For reading a finding's PDF: its text, named by seed and step.
            try? text.write(toFile: "\(folder)/walk-\(seed)-step-\(step.index).txt", atomically: true, encoding: .utf8)
        }
        if let length, let over = Self.dayNumbers(in: text).first(where: { $0 > length }) {
            find(.dayNumbers, step, "the PDF says day \(over) of a \(length)-day program")
        }
        for day in Self.photoCaptionDays(in: text, texts: texts) where !photoDays.contains(day) {
            find(.dayNumbers, step, "the PDF labels a photo day \(day), this journey's photos were saved as days \(photoDays.sorted())")
        }
        var ownWords = text
        for words in typed where !words.isEmpty { ownWords = ownWords.replacingOccurrences(of: words, with: " ") }
        if let placeholder = ownWords.range(of: #"\{\{?[A-Za-z_][A-Za-z0-9_.:]*\}?\}"#, options: .regularExpression) {
            find(.placeholder, step, "the PDF has \(ownWords[placeholder])")
        }
        if Self.hasLoneEllipsis(ownWords) {
            find(.ellipsis, step, "the PDF has a “…” standing alone")
        }
        let flat = StageTexts.normalised(text)
        let words = practiceDiaryWords(step)
        exercised["PDF checked"] = (exercised["PDF checked"] ?? 0) + 1
        exercised["PDF words looked for"] = (exercised["PDF words looked for"] ?? 0) + words.count
        for (label, words) in words where !StageTexts.occurs(StageTexts.normalised(words), in: flat) {
            find(.ownWords, step, "the PDF leaves out the user's \(label) “\(words.prefix(40))”")
        }
    }

    /// The user's words the PDF diary promises to show: the wish, the answers of the stages
    /// reached, the reflections on the themes opened and on the micro-practices, and the words
    /// of the journeys started over from. Only words the PDF's font can draw (letters, digits,
    /// plain punctuation) are looked for.
    func practiceDiaryWords(_ step: StepContext) -> [(String, String)] {
        guard let progress = step.after.progress, let content, let program = content.catalog.program(id: progress.programID)
        else { return [] }
        var words: [(String, String)] = []
        if let wish = progress.wish { words.append(("wish", wish)) }
        for stage in program.stages where progress.stagesStarted[stage.id] != nil {
            for question in stage.steps where question.kind == .question {
                let key = UserProgress.key(stage: stage.id, step: question.id)
                if let answer = progress.answers[key] { words.append(("answer \(key)", answer)) }
            }
        }
        let opened = content.engine.themesOpened(by: progress, now: bot.clock.now(), timeZone: step.after.record?.timeZone ?? .gmt)
        for theme in opened { if let answer = progress.reflections?[theme] { words.append(("reflection \(theme)", answer)) } }
        for micro in program.micro { if let answer = progress.reflections?[micro.id] { words.append(("reflection \(micro.id)", answer)) } }
        for (index, journey) in (progress.earlierJourneys ?? []).enumerated() {
            if let wish = journey.wish { words.append(("earlier journey \(index + 1)'s wish", wish)) }
        }
        return words.filter { Self.drawable($0.1) }
    }

    static func drawable(_ words: String) -> Bool {
        let plain = CharacterSet.letters.union(.decimalDigits).union(CharacterSet(charactersIn: " ,.-&<>?!:;'’()«»"))
        return words.count >= 3 && words.contains(where: \.isLetter) && words.unicodeScalars.allSatisfy(plain.contains)
    }
}

/// Text of a PDF through `pdftotext` (poppler-utils); nil when the tool is not installed.
enum PDFText {
    static let tool = ["/usr/bin/pdftotext", "/usr/local/bin/pdftotext"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func extract(_ pdf: Data) async throws -> String? {
        guard let tool else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("walk-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("diary.pdf")
        let output = folder.appendingPathComponent("diary.txt")
        try pdf.write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["-enc", "UTF-8", input.path, output.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
        guard process.terminationStatus == 0 else { return nil }
        return try String(contentsOf: output, encoding: .utf8)
    }
}
