/// The structural rules for variants: every variant set belongs to exactly one experiment and
/// has its variants, every variant is a text, and the variants of a text differ in words only
/// (the same placeholders and links), so one experiment changes wording, never behaviour.
enum VariantRules {
    /// Reports what is wrong in one locale file; returns whether its variants can be decoded.
    static func check(_ sites: [TextVariants.Site], experiments: [Experiment], root: JSONNode) -> Bool {
        var sound = true
        var owners: [String: [Experiment]] = [:]
        for experiment in experiments {
            for path in experiment.texts { owners[TextVariants.jsonPath(of: path), default: []].append(experiment) }
        }
        for (path, claimed) in owners where claimed.count > 1 {
            root.report("\(path) is covered by experiments \(claimed.map(\.id).joined(separator: " and ")); a text belongs to one experiment")
            sound = false
        }
        let sitePaths = Set(sites.map(\.path))
        for experiment in experiments {
            for path in experiment.texts where !sitePaths.contains(TextVariants.jsonPath(of: path)) {
                root.report("experiment \"\(experiment.id)\" covers \"\(path)\", which has no {\"variants\": …} here")
                sound = false
            }
        }
        for site in sites {
            guard let experiment = owners[site.path]?.first else {
                site.node.report("these variants belong to no experiment: list \"\(site.path.dropFirst(2))\" in an experiment's \"texts\" in program.json")
                sound = false
                continue
            }
            sound = checkSite(site, of: experiment) && sound
        }
        return sound
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
    /// and every variant's buttons pass the same rules as the control's.
    static func checkCatalog(_ programs: [Program], strings: [String: UIStrings], log: ProblemLog) {
        var owners: [String: String] = [:]
        for program in programs {
            for experiment in program.experiments {
                if let owner = owners[experiment.id], owner != program.id {
                    log.report("programs/\(program.id)/program.json", "$.experiments", "experiment id \"\(experiment.id)\" is also used by program \"\(owner)\"")
                }
                owners[experiment.id] = program.id
            }
            for (key, texts) in program.variantTexts.sorted(by: { $0.key < $1.key }) {
                var variant = program
                variant.texts = texts
                let buttons = ProblemLog()
                for locale in ProgramCatalog.uiLocales {
                    if let ui = strings[locale] { ButtonRules.check(variant, strings: ui, locale: locale, log: buttons, file: "programs/\(program.id)/program.json") }
                }
                for problem in buttons.problems { log.report(problem.file, problem.jsonPath, "[variant \(key)] \(problem.message)") }
            }
        }
    }
}
