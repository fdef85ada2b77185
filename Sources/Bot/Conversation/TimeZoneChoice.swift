import Foundation

/// Time zones as people name them: the buttons offered per language, reading a typed zone
/// (a city in Russian or English, an IANA name, a UTC offset such as `+3`, `UTC-5`, `GMT+5:30`)
/// and showing a stored zone as a city ("Алматы") or an offset ("UTC+5:30").
enum TimeZoneChoice {
    /// The zone a new user starts with: the first offered one for their language.
    static func defaultZone(for locale: String) -> String {
        offered(for: locale).first?.identifier ?? "Europe/Moscow"
    }

    /// The zone buttons for a language (Russian's list for languages without one).
    static func offered(for locale: String) -> [ZoneCity] {
        let identifiers = ZoneCity.offered[locale] ?? ZoneCity.offered["ru"] ?? []
        return identifiers.compactMap(city)
    }

    static func city(_ identifier: String) -> ZoneCity? {
        ZoneCity.all.first { $0.identifier == identifier }
    }

    /// The IANA identifier for what the user typed, or nil when it is not a zone we can read.
    static func parse(_ typed: String) -> String? {
        let text = ZoneCity.normalized(typed)
        guard !text.isEmpty, text.count <= 64 else { return nil }
        if let city = ZoneCity.all.first(where: { $0.spellings.contains(text) }) { return city.identifier }
        if let offset = utcOffsetSeconds(text) { return identifier(forOffset: offset) }
        return ianaName(text)
    }

    /// "Europe/Paris" typed as such, or a city that is itself an IANA zone ("Buenos Aires");
    /// identifiers are case-sensitive, so they are matched ignoring case.
    private static func ianaName(_ text: String) -> String? {
        let known = TimeZone.knownTimeZoneIdentifiers
        if text.contains("/") { return known.first { $0.lowercased() == text } }
        let underscored = text.replacingOccurrences(of: " ", with: "_")
        guard underscored.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "_" || $0 == "-") }) else { return nil }
        return known.first { id in
            !id.hasPrefix("Etc/") && id.split(separator: "/").last.map { $0.lowercased() == underscored } == true
        }
    }

    /// The zone as people say it: the city's name in the user's language, the last part of an
    /// IANA name ("Buenos Aires"), or the offset for fixed-offset zones ("UTC+5:30").
    static func displayName(_ identifier: String, locale: String, now: Date) -> String {
        if let city = city(identifier) { return city.name(locale) }
        let isOffset = identifier.hasPrefix("Etc/") || identifier.hasPrefix("GMT") || identifier == "UTC"
        if !isOffset, let last = identifier.split(separator: "/").last {
            return last.replacingOccurrences(of: "_", with: " ")
        }
        let seconds = (TimeZone(identifier: identifier) ?? .gmt).secondsFromGMT(for: now)
        let sign = seconds < 0 ? "−" : "+"
        let hours = abs(seconds) / 3600, minutes = abs(seconds) % 3600 / 60
        return seconds == 0 ? "UTC" : "UTC\(sign)\(hours)" + (minutes == 0 ? "" : String(format: ":%02d", minutes))
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
