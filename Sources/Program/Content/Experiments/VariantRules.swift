import FoundationEssentials
import StrictJSON
/// The structural rules for variants: every variant set belongs to exactly one experiment and
/// has its variants, every variant is a text, and the variants of a text differ in words only
/// (the same placeholders and links), so one experiment changes wording, never behaviour.
enum VariantRules {
    /// Reports what is wrong in one locale file; returns the paths whose variants cannot be
    /// decoded (they show their control while every other variant is still checked).
    static func check(_ sites: [TextVariants.Site], covered: CoveredTexts, root: JSONNode) -> Set<String> {
        var unsound: Set<String> = []
        for (path, claimed) in covered.owners.sorted(by: { $0.key < $1.key }) where claimed.count > 1 {
            root.report("\(covered.name(of: path)) is covered by experiments \(claimed.map(\.id).joined(separator: " and ")); a text belongs to one experiment")
            unsound.insert(path)
        }
        let sitePaths = Set(sites.map(\.path))
        for (path, experiment) in covered.listed where !sitePaths.contains(path) {
            root.report("experiment \"\(experiment.id)\" covers \"\(covered.name(of: path))\", which has no {\"variants\": …} here")
            unsound.insert(path)
        }
        for site in sites {
            guard let experiment = covered.owners[site.path]?.first else {
                unsound.insert(site.path)
                guard covered.complete else { continue }
                site.node.report("these variants belong to no experiment: list \"\(covered.name(of: site.path))\" in an experiment's \"texts\" in program.json")
                continue
            }
            if !checkSite(site, of: experiment) { unsound.insert(site.path) }
        }
        return unsound
    }

    private static func checkSite(_ site: TextVariants.Site, of experiment: Experiment) -> Bool {
        let declared = experiment.variants.map(\.id)
        let found = site.values.map(\.id)
        guard Set(found) == Set(declared), found.count == declared.count else {
            site.node.report("variants \(found.joined(separator: ", ")) differ in structure from experiment \"\(experiment.id)\"'s \(declared.joined(separator: ", "))")
            return false
        }
        var texts: [(id: String, text: String)] = []
        for (id, value) in site.values {
            guard case .string(let text) = value else {
                site.node.report("variant \"\(id)\" is \(value.typeName); every variant is a text")
                return false
            }
            texts.append((id, text))
        }
        guard let first = texts.first else { return false }
        var sound = true
        for other in texts.dropFirst() {
            if shape(of: other.text) != shape(of: first.text) {
                site.node.report("variant \"\(other.id)\" differs in structure from \"\(first.id)\": \(describe(shape(of: other.text))) instead of \(describe(shape(of: first.text))); variants may differ in words only")
                sound = false
            }
        }
        return sound
    }

    /// What must not differ between variants: placeholders and link targets.
    struct Shape: Equatable {
        var placeholders: [String]
        var links: [String]
    }

    static func shape(of text: String) -> Shape {
        let links = text.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        return Shape(placeholders: Placeholders.names(in: text).sorted(), links: links.sorted())
    }

    private static func describe(_ shape: Shape) -> String {
        let placeholders = shape.placeholders.isEmpty ? "no placeholders" : shape.placeholders.map { "{\($0)}" }.joined(separator: " ")
        let links = shape.links.isEmpty ? "no links" : "links " + shape.links.joined(separator: " ")
        return "\(placeholders), \(links)"
    }

    /// Catalog-wide: experiment ids are unique across programs (the store keys decisions by id),
    /// and every variant passes the rules that read a program's texts together with the engine's
    /// strings (buttons, bold lines and titles) as the control does.
    static func checkCatalog(_ programs: [Program], strings: [String: UIStrings], log: ProblemLog) {
        var owners: [String: String] = [:]
        for program in programs {
            for experiment in program.experiments {
                if let owner = owners[experiment.id], owner != program.id {
                    log.report("programs/\(program.id)/program.json", "$.experiments", "experiment id \"\(experiment.id)\" is also used by program \"\(owner)\"")
                }
                owners[experiment.id] = program.id
            }
            guard !program.variantTexts.isEmpty else { continue }
            let known = Set(programRules(program, strings: strings).map(\.description))
            for (key, texts) in program.variantTexts.sorted(by: { $0.key < $1.key }) {
                var variant = program
                variant.texts = texts
                for problem in programRules(variant, strings: strings) where !known.contains(problem.description) {
                    log.report(problem.file, problem.jsonPath, "[variant \(key)] \(problem.message)")
                }
            }
        }
    }

    /// The engine's strings of each combination of variants against every program: a longer
    /// button label or a bolder header breaks a rule there, not in the strings file.
    static func checkShared(_ programs: [Program], variants: [String: [String: UIStrings]], control: [String: UIStrings], log: ProblemLog) {
        guard !variants.isEmpty else { return }
        for program in programs {
            let known = Set(programRules(program, strings: control).map(\.description))
            for (key, strings) in variants.sorted(by: { $0.key < $1.key }) {
                for problem in programRules(program, strings: strings) where !known.contains(problem.description) {
                    log.report(problem.file, problem.jsonPath, "[variant \(key)] \(problem.message)")
                }
            }
        }
    }

    /// The rules applied to a whole program with the engine's strings (as `ContentLoader` applies them to the control).
    private static func programRules(_ program: Program, strings: [String: UIStrings]) -> [ContentProblem] {
        let log = ProblemLog()
        for locale in ProgramCatalog.uiLocales {
            guard let ui = strings[locale] else { continue }
            ButtonRules.check(program, strings: ui, locale: locale, log: log, file: "programs/\(program.id)/program.json")
            BoldLineRules.check(program, strings: ui, locale: locale, log: log)
        }
        return log.problems
    }
}
