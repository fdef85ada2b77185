import Foundation
import StrictJSON

/// Reads content files from disk and assembles a validated catalog. The only place in the
/// module that touches the file system.
final class ContentLoader {
    private let assetsRoot: URL
    private let log = ProblemLog()

    init(assetsRoot: URL) {
        self.assetsRoot = assetsRoot.standardizedFileURL
    }

    /// A file name relative to the assets folder, as problems name it.
    private func name(of url: URL) -> String {
        let root = assetsRoot.path.hasSuffix("/") ? assetsRoot.path : assetsRoot.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    func programFolders(in directory: URL) -> [URL] {
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.isDirectoryKey]) else {
            log.report(name(of: directory), "$", "cannot read the programs folder \(directory.path)")
            return []
        }
        return entries.filter { url in
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
                && !url.lastPathComponent.hasPrefix(".")
        }
        .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Real content files are under 100 KB; anything near this is a mistake or an attack, and the
    /// parse would need many times its size in memory.
    static let maximumFileBytes = 4 << 20

    func readJSON(_ url: URL) -> JSONNode? {
        let file = name(of: url)
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > Self.maximumFileBytes {
            log.report(file, "$", "the file is \(size / 1_048_576) MB; content files may be at most \(Self.maximumFileBytes >> 20) MB")
            return nil
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            log.report(file, "$", "file is missing or unreadable")
            return nil
        }
        do {
            let value = try JSONParser.parse(Array(data))
            return JSONNode(value: value, file: file, path: "$", log: log)
        } catch {
            log.report(file, "$", "invalid JSON at line \(error.line), column \(error.column): \(error.message)")
            return nil
        }
    }

    func catalog(programFolders: [URL], localesDirectory: URL, wholeCatalog: Bool) throws(ContentError) -> ProgramCatalog {
        var programs: [Program] = []
        for folder in programFolders {
            if let program = loadProgram(folder) { programs.append(program) }
        }
        // The shared files' variants belong to the programs' experiments: read them once those are known.
        let experiments = programs.flatMap(\.experiments)
        let engine = loadUIStrings(localesDirectory, experiments: experiments, complete: wholeCatalog)
        let strings = engine.strings
        let botVariants = loadBotVariants(localesDirectory, experiments: experiments, complete: wholeCatalog)
        for program in programs {
            for locale in ProgramCatalog.uiLocales {
                guard let ui = strings[locale] else { continue }
                ButtonRules.check(program, strings: ui, locale: locale, log: log, file: "programs/\(program.id)/program.json")
                BoldLineRules.check(program, strings: ui, locale: locale, log: log)
            }
        }
        VariantRules.checkCatalog(programs, strings: strings, log: log)
        VariantRules.checkShared(programs, variants: engine.variants, control: strings, log: log)
        // Catalog-wide rules only make sense once every program loaded; otherwise they would
        // report consequences ("no fallback") of problems already listed.
        if wholeCatalog, programs.count == programFolders.count {
            checkCatalog(programs, programsFile: programFolders.first.map { name(of: $0.deletingLastPathComponent()) } ?? "programs")
        }
        guard log.problems.isEmpty, let base = strings[ProgramCatalog.baseLocale], !programs.isEmpty else {
            if log.problems.isEmpty { log.report("programs", "$", "no program found") }
            throw ContentError(problems: log.problems)
        }
        let fallback = programs.first(where: \.isFallback) ?? programs[0]
        var catalog = ProgramCatalog(programs: programs, fallback: fallback, uiStrings: strings, baseStrings: base)
        catalog.sharedVariants = SharedVariants(engine: engine.variants, engineExperiments: engine.experiments, bot: botVariants)
        return catalog
    }

    private func loadUIStrings(_ directory: URL, experiments: [Experiment], complete: Bool)
        -> (strings: [String: UIStrings], variants: [String: [String: UIStrings]], experiments: [Experiment]) {
        var roots: [String: JSONNode] = [:]
        for locale in ProgramCatalog.uiLocales {
            if let root = readJSON(directory.appendingPathComponent(SharedTextFile.engine.fileName(locale))) { roots[locale] = root }
        }
        return SharedVariants.engineStrings(roots: roots, experiments: experiments, complete: complete)
    }

    /// The bot's own texts are read by the bot; here only their variants are checked and kept.
    private func loadBotVariants(_ directory: URL, experiments: [Experiment], complete: Bool) -> [SharedTextVariant] {
        let covers = experiments.contains { !$0.sharedKeys(in: .bot).isEmpty }
        var roots: [String: JSONNode] = [:]
        for locale in ProgramCatalog.uiLocales {
            let url = directory.appendingPathComponent(SharedTextFile.bot.fileName(locale))
            guard covers || FileManager.default.fileExists(atPath: url.path), let root = readJSON(url) else { continue }
            roots[locale] = root
        }
        return SharedVariants.botTexts(roots: roots, experiments: experiments, complete: complete)
    }

    private func loadProgram(_ folder: URL) -> Program? {
        let structureURL = folder.appendingPathComponent("program.json")
        guard let root = readJSON(structureURL), let structure = ProgramStructureDecoder.decode(root) else { return nil }
        if structure.id != folder.lastPathComponent {
            root.object()?.optional("id")?.report("the program id \"\(structure.id)\" must match its folder name \"\(folder.lastPathComponent)\"")
        }
        let problemsBefore = log.problems.count
        StructureRules.check(structure, root: root)
        let structureIsSound = log.problems.count == problemsBefore
        checkLocaleFiles(folder, locales: structure.locales)
        let decoder = ProgramTextsDecoder(structure: structure)
        let experiments = ExperimentDecoder.decode(root, programID: structure.id)
        var texts: [String: ProgramTexts] = [:]
        var localeRoots: [String: JSONNode] = [:]
        for locale in structure.locales {
            guard let localeRoot = readJSON(folder.appendingPathComponent("\(locale).json")),
                  let localeTexts = decoder.decode(ExperimentContent.control(of: localeRoot, .program(experiments)), expectedLocale: locale) else { continue }
            localeRoots[locale] = localeRoot
            texts[locale] = localeTexts
        }
        guard structureIsSound, texts.count == structure.locales.count else { return nil }
        var program = Program(id: structure.id, formatVersion: structure.formatVersion, kitPrefixes: structure.kitPrefixes,
                       isFallback: structure.isFallback, durationDays: structure.durationDays, locales: structure.locales,
                       stages: structure.stages, themes: structure.themes,
                       menus: Dictionary(structure.menus.map { ($0.id, $0.items) }, uniquingKeysWith: { first, _ in first }),
                       choices: Dictionary(structure.choices.map { ($0.stepID, $0.options) }, uniquingKeysWith: { first, _ in first }),
                       texts: texts)
        program.micro = structure.micro
        program.maxSilenceDays = structure.maxSilenceDays
        program.colours = structure.colours
        program.cards = structure.cards
        program.shop = structure.shop
        program.taste = structure.taste
        ExperimentContent.attach(experiments, to: &program, localeRoots: localeRoots, decoder: decoder)
        return program
    }

    /// A locale file nobody lists is a translation that would silently never be shown.
    private func checkLocaleFiles(_ folder: URL, locales: [String]) {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for file in files.sorted() where file.hasSuffix(".json") && file != "program.json" {
            let locale = String(file.dropLast(".json".count))
            if !locales.contains(locale) {
                log.report(name(of: folder.appendingPathComponent(file)), "$", "locale \"\(locale)\" is not listed in program.json \"locales\"")
            }
        }
    }

    private func checkCatalog(_ programs: [Program], programsFile: String) {
        var owners: [String: String] = [:]
        for program in programs {
            for prefix in program.kitPrefixes {
                if let owner = owners[prefix] {
                    log.report("\(programsFile)/\(program.id)/program.json", "$.kitPrefixes", "kit prefix \"\(prefix)\" is also used by program \"\(owner)\"")
                }
                owners[prefix] = program.id
            }
        }
        let fallbacks = programs.filter(\.isFallback).map(\.id)
        if !programs.isEmpty, fallbacks.count != 1 {
            let found = fallbacks.isEmpty ? "none has it" : "found: \(fallbacks.joined(separator: ", "))"
            log.report(programsFile, "$", "exactly one program must have \"fallback\": true for unknown kit codes (\(found))")
        }
    }
}
