import Foundation

/// The time zones offered as buttons, and reading a zone the user typed: a UTC offset
/// (`+3`, `UTC-5`, `GMT+5:30`), a city from a small table (Russian or English), or an IANA name.
public struct TimeZoneChoice: Sendable, Equatable {
    /// IANA identifier stored in `users.timezone`.
    public let identifier: String
    /// Key of the button label in `bot.<locale>.json`.
    public let labelKey: String
    /// Lowercased names people type for it.
    let aliases: [String]

    /// Common zones for Sogreto's buyers: Russian ones first, then neighbours and Europe.
    public static let common: [TimeZoneChoice] = [
        .init("Europe/Moscow", "zone_moscow", ["москва", "moscow", "мск", "msk", "питер", "санкт-петербург", "spb", "saint petersburg"]),
        .init("Europe/Kaliningrad", "zone_kaliningrad", ["калининград", "kaliningrad"]),
        .init("Europe/Samara", "zone_samara", ["самара", "samara", "ижевск"]),
        .init("Asia/Yekaterinburg", "zone_yekaterinburg", ["екатеринбург", "yekaterinburg", "екб", "челябинск", "пермь", "уфа", "тюмень"]),
        .init("Asia/Novosibirsk", "zone_novosibirsk", ["новосибирск", "novosibirsk", "нск", "омск", "томск"]),
        .init("Asia/Vladivostok", "zone_vladivostok", ["владивосток", "vladivostok", "хабаровск"]),
        .init("Europe/Minsk", "zone_minsk", ["минск", "minsk"]),
        .init("Europe/Kyiv", "zone_kyiv", ["киев", "київ", "kyiv", "kiev"]),
        .init("Europe/Berlin", "zone_berlin", ["берлин", "berlin", "мюнхен", "munich", "вена", "vienna", "прага", "prague", "варшава", "warsaw", "paris", "париж"]),
        .init("Europe/London", "zone_london", ["лондон", "london", "лиссабон", "lisbon"]),
        .init("America/New_York", "zone_new_york", ["нью-йорк", "нью йорк", "new york", "nyc", "ny", "бостон", "boston", "торонто", "toronto"]),
    ]

    /// More cities people may type (not shown as buttons).
    static let moreCities: [String: String] = [
        "красноярск": "Asia/Krasnoyarsk", "krasnoyarsk": "Asia/Krasnoyarsk",
        "иркутск": "Asia/Irkutsk", "irkutsk": "Asia/Irkutsk",
        "якутск": "Asia/Yakutsk", "yakutsk": "Asia/Yakutsk",
        "магадан": "Asia/Magadan", "magadan": "Asia/Magadan",
        "камчатка": "Asia/Kamchatka", "петропавловск-камчатский": "Asia/Kamchatka", "kamchatka": "Asia/Kamchatka",
        "казань": "Europe/Moscow", "kazan": "Europe/Moscow", "нижний новгород": "Europe/Moscow",
        "волгоград": "Europe/Volgograd", "саратов": "Europe/Saratov", "астрахань": "Europe/Astrakhan",
        "тбилиси": "Asia/Tbilisi", "tbilisi": "Asia/Tbilisi", "ереван": "Asia/Yerevan", "yerevan": "Asia/Yerevan",
        "баку": "Asia/Baku", "baku": "Asia/Baku", "алматы": "Asia/Almaty", "almaty": "Asia/Almaty",
        "ташкент": "Asia/Tashkent", "tashkent": "Asia/Tashkent", "бишкек": "Asia/Bishkek",
        "стамбул": "Europe/Istanbul", "istanbul": "Europe/Istanbul", "дубай": "Asia/Dubai", "dubai": "Asia/Dubai",
        "тель-авив": "Asia/Jerusalem", "tel aviv": "Asia/Jerusalem", "рига": "Europe/Riga", "riga": "Europe/Riga",
        "вильнюс": "Europe/Vilnius", "таллин": "Europe/Tallinn", "хельсинки": "Europe/Helsinki",
        "белград": "Europe/Belgrade", "belgrade": "Europe/Belgrade", "бангкок": "Asia/Bangkok", "bangkok": "Asia/Bangkok",
        "лос-анджелес": "America/Los_Angeles", "los angeles": "America/Los_Angeles", "la": "America/Los_Angeles",
        "чикаго": "America/Chicago", "chicago": "America/Chicago",
    ]

    private init(_ identifier: String, _ labelKey: String, _ aliases: [String]) {
        self.identifier = identifier
        self.labelKey = labelKey
        self.aliases = aliases
    }

    public static func common(_ identifier: String) -> TimeZoneChoice? {
        common.first { $0.identifier == identifier }
    }

    /// The IANA identifier for what the user typed, or nil when it is not a zone we can read.
    public static func parse(_ typed: String) -> String? {
        let text = typed.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: "ё", with: "е")
        guard !text.isEmpty, text.count <= 64 else { return nil }
        if let choice = common.first(where: { $0.aliases.contains(text) }) { return choice.identifier }
        if let city = moreCities[text] { return city }
        if let offset = utcOffsetSeconds(text) { return identifier(forOffset: offset) }
        // An IANA name typed as such ("Europe/Paris"); identifiers are case-sensitive, so match ignoring case.
        if text.contains("/"), let known = TimeZone.knownTimeZoneIdentifiers.first(where: { $0.lowercased() == text }) {
            return known
        }
        return nil
    }

    /// `+3`, `-5`, `utc+3`, `gmt -5`, `мск+1`… → seconds east of UTC (−12 h … +14 h).
    static func utcOffsetSeconds(_ text: String) -> Int? {
        var rest = Substring(text.replacingOccurrences(of: " ", with: ""))
        var base = 0
        for prefix in ["utc", "gmt", "мск", "msk"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            if prefix == "мск" || prefix == "msk" { base = 3 * 3600 }
        }
        guard let sign = rest.first, sign == "+" || sign == "-" || sign == "−" else {
            return rest.isEmpty && base != 0 ? base : nil
        }
        let parts = rest.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let hours = Int(parts[0]), (0...14).contains(hours) else { return nil }
        let minutes = parts.count == 2 ? Int(parts[1]) : 0
        guard let minutes, [0, 30, 45].contains(minutes) else { return nil }
        let magnitude = hours * 3600 + minutes * 60
        let seconds = base + (sign == "+" ? magnitude : -magnitude)
        return (-12 * 3600...14 * 3600).contains(seconds) ? seconds : nil
    }

    /// A fixed-offset IANA zone: `Etc/GMT-3` is UTC+3 (the Etc names invert the sign).
    static func identifier(forOffset seconds: Int) -> String? {
        if seconds == 0 { return "Etc/UTC" }
        if seconds % 3600 == 0 {
            let hours = seconds / 3600
            return "Etc/GMT\(hours > 0 ? "-" : "+")\(abs(hours))"
        }
        return TimeZone(secondsFromGMT: seconds)?.identifier
    }
}
