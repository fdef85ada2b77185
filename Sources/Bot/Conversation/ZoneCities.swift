import Foundation
/// Cities the bot knows by name, in Russian and English: the zone buttons, and what people type.
/// Every alias is a place inside that IANA zone (its own city, or a city the zone officially
/// covers), never a neighbour with another zone: an unknown city is said to be unknown.
struct ZoneCity: Sendable, Equatable {
    /// IANA identifier stored in `users.timezone`.
    let identifier: String
    let russian: String
    let english: String
    /// Other lowercased names people type for a place in this zone.
    let aliases: [String]

    init(_ identifier: String, _ russian: String, _ english: String, _ aliases: [String] = []) {
        self.identifier = identifier
        self.russian = russian
        self.english = english
        self.aliases = aliases
    }

    func name(_ locale: String) -> String { locale == "ru" ? russian : english }

    /// Everything that names it, lowercased with ё read as е.
    var spellings: [String] {
        ([russian, english] + aliases).map(ZoneCity.normalized)
    }

    static func normalized(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .replacingOccurrences(of: "ё", with: "е")
            .replacingOccurrences(of: "–", with: "-")
            .replacingOccurrences(of: "—", with: "-")
    }

    static let all: [ZoneCity] = [
        .init("Europe/Moscow", "Москва", "Moscow", ["мск", "msk", "питер", "санкт-петербург", "петербург", "spb", "saint petersburg",
                                                     "st petersburg", "казань", "kazan", "нижний новгород", "воронеж", "ростов-на-дону",
                                                     "краснодар", "сочи", "ярославль", "тула"]),
        .init("Europe/Kaliningrad", "Калининград", "Kaliningrad"),
        .init("Europe/Samara", "Самара", "Samara", ["ижевск", "izhevsk"]),
        .init("Europe/Volgograd", "Волгоград", "Volgograd"),
        .init("Europe/Saratov", "Саратов", "Saratov"),
        .init("Europe/Astrakhan", "Астрахань", "Astrakhan"),
        .init("Asia/Yekaterinburg", "Екатеринбург", "Yekaterinburg", ["екб", "ekaterinburg", "челябинск", "пермь", "уфа", "тюмень"]),
        .init("Asia/Omsk", "Омск", "Omsk"),
        .init("Asia/Novosibirsk", "Новосибирск", "Novosibirsk", ["нск"]),
        .init("Asia/Tomsk", "Томск", "Tomsk"),
        .init("Asia/Krasnoyarsk", "Красноярск", "Krasnoyarsk"),
        .init("Asia/Irkutsk", "Иркутск", "Irkutsk"),
        .init("Asia/Yakutsk", "Якутск", "Yakutsk"),
        .init("Asia/Vladivostok", "Владивосток", "Vladivostok", ["хабаровск", "khabarovsk"]),
        .init("Asia/Magadan", "Магадан", "Magadan"),
        .init("Asia/Kamchatka", "Камчатка", "Kamchatka", ["петропавловск-камчатский"]),
        .init("Europe/Minsk", "Минск", "Minsk"),
        .init("Europe/Kyiv", "Киев", "Kyiv", ["київ", "kiev"]),
        .init("Asia/Almaty", "Алматы", "Almaty", ["алма-ата"]),
        .init("Asia/Tashkent", "Ташкент", "Tashkent"),
        .init("Asia/Bishkek", "Бишкек", "Bishkek"),
        .init("Asia/Tbilisi", "Тбилиси", "Tbilisi"),
        .init("Asia/Yerevan", "Ереван", "Yerevan"),
        .init("Asia/Baku", "Баку", "Baku"),
        .init("Europe/Istanbul", "Стамбул", "Istanbul"),
        .init("Asia/Dubai", "Дубай", "Dubai"),
        .init("Asia/Jerusalem", "Тель-Авив", "Tel Aviv", ["иерусалим", "jerusalem"]),
        .init("Europe/Riga", "Рига", "Riga"),
        .init("Europe/Vilnius", "Вильнюс", "Vilnius"),
        .init("Europe/Tallinn", "Таллин", "Tallinn"),
        .init("Europe/Helsinki", "Хельсинки", "Helsinki"),
        .init("Europe/Warsaw", "Варшава", "Warsaw"),
        .init("Europe/Prague", "Прага", "Prague"),
        .init("Europe/Vienna", "Вена", "Vienna"),
        .init("Europe/Berlin", "Берлин", "Berlin", ["мюнхен", "munich", "гамбург", "hamburg"]),
        .init("Europe/Paris", "Париж", "Paris"),
        .init("Europe/Madrid", "Мадрид", "Madrid", ["барселона", "barcelona"]),
        .init("Europe/Rome", "Рим", "Rome", ["милан", "milan"]),
        .init("Europe/Belgrade", "Белград", "Belgrade"),
        .init("Europe/Lisbon", "Лиссабон", "Lisbon", ["порту", "porto"]),
        .init("Europe/London", "Лондон", "London", ["манчестер", "manchester"]),
        .init("Asia/Kolkata", "Дели", "Delhi", ["мумбаи", "mumbai", "new delhi", "нью-дели", "india", "индия"]),
        .init("Asia/Bangkok", "Бангкок", "Bangkok"),
        .init("Asia/Singapore", "Сингапур", "Singapore"),
        .init("Asia/Tokyo", "Токио", "Tokyo"),
        .init("Australia/Sydney", "Сидней", "Sydney"),
        .init("America/New_York", "Нью-Йорк", "New York", ["нью йорк", "nyc", "ny", "бостон", "boston", "майами", "miami"]),
        .init("America/Toronto", "Торонто", "Toronto"),
        .init("America/Chicago", "Чикаго", "Chicago"),
        .init("America/Denver", "Денвер", "Denver"),
        .init("America/Los_Angeles", "Лос-Анджелес", "Los Angeles", ["лос анджелес", "la", "сан-франциско", "san francisco", "сиэтл", "seattle"]),
    ]

    /// The zone buttons, per language: Russian speakers get Russia's zones and neighbours,
    /// English speakers a world list. Each list's first zone is that language's default.
    static let offered: [String: [String]] = [
        "ru": ["Europe/Moscow", "Europe/Kaliningrad", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok",
               "Europe/Minsk", "Europe/Kyiv", "Asia/Almaty", "Europe/Berlin", "Europe/London", "America/New_York"],
        "en": ["Europe/London", "Europe/Berlin", "Europe/Kyiv", "Europe/Istanbul", "Asia/Dubai", "Asia/Kolkata",
               "Asia/Singapore", "Australia/Sydney", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
    ]
}
