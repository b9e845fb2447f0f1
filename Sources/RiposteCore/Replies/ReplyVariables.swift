import Foundation

/// The values a template may use, with fallbacks.
///
/// Brand-specific values come from configuration (`replies:`), never from template text, so one
/// reviewed library serves every brand.
public struct ReplyVariables: Sendable, Equatable {
    /// The variables a template may name; anything else is a lint error.
    public static let known: [String] = [
        "author.first_name", "author.handle", "brand", "product", "case_ref", "safety_contact", "support_url",
        "medical_info_contact", "press_contact", "approved_info_url", "facts_url", "crisis_line",
    ]

    /// What each variable falls back to when unknown, per locale. A first name falls back to
    /// nothing (variants read well without it: "Thanks, …"); a template that greets can set its own
    /// (`fallbacks: { author.first_name: there }` for "Hi there").
    public static let fallbacks: [String: [String: String]] = [
        "en": [
            "author.first_name": "", "author.handle": "", "brand": "our team", "product": "our medicine", "case_ref": "",
            "safety_contact": "our drug safety team", "support_url": "our support page", "medical_info_contact": "our medical information team",
            "press_contact": "our press office", "approved_info_url": "the approved product information", "facts_url": "the official guidance",
            "crisis_line": "a crisis line near you",
        ],
        "fr": [
            "author.first_name": "", "author.handle": "", "brand": "notre équipe", "product": "notre médicament", "case_ref": "",
            "safety_contact": "notre service de pharmacovigilance", "support_url": "notre page d'aide",
            "medical_info_contact": "notre service d'information médicale", "press_contact": "notre service de presse",
            "approved_info_url": "la notice officielle", "facts_url": "les recommandations officielles",
            "crisis_line": "une ligne d'écoute près de chez vous",
        ],
    ]

    /// The values known for this reply (absent ones use fallbacks).
    public var values: [String: String]

    /// Creates a set of values.
    public init(values: [String: String] = [:]) {
        self.values = values
    }

    /// The value of each known variable for a template in `locale`, fallbacks filled in.
    public func resolved(locale: String, overrides: [String: String] = [:]) -> [String: String] {
        var result = Self.fallbacks[locale] ?? Self.fallbacks["en"] ?? [:]
        for (key, value) in overrides { result[key] = value }
        for (key, value) in values where !value.isEmpty { result[key] = value }
        return result
    }

    /// The first word of a display name, when it looks like a given name (letters only: not a
    /// brand account, not an emoji string).
    /// Not for a title ("Dr Short" is not greeted "Dr") nor for an organisation's display name
    /// ("Holistic Health Help", "Whitfield & Co Injury Law"): those get no name.
    public static func firstName(of name: String?) -> String? {
        let words = name?.split(whereSeparator: { $0 == " " || $0 == "," }) ?? []
        guard let word = words.first, word.count >= 2, word.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" }) else { return nil }
        if titles.contains(word.lowercased()) { return nil }
        if words.contains(where: { organisationWords.contains($0.lowercased()) }) { return nil }
        return String(word)
    }

    static let titles: Set<String> = ["dr", "doctor", "mr", "mrs", "ms", "miss", "prof", "professor", "sir", "dame", "rev", "docteur", "pr", "me", "maître", "maitre", "mme", "mlle", "m"]
    static let organisationWords: Set<String> = [
        "&", "llp", "llc", "inc", "ltd", "co", "law", "legal", "attorneys", "lawyers", "injury", "news", "help", "health", "clinic", "pharmacy",
        "team", "official", "media", "group", "foundation", "association", "avocats", "cabinet", "pharmacie", "santé", "actu", "info",
    ]

    /// The case reference given in an adverse-event reply: `AE-` and the end of the mention's id.
    public static func caseReference(for mentionID: String) -> String {
        "AE-" + mentionID.suffix(8)
    }

    /// The names `{{…}}` tags use in a template text (sections and comments excluded).
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            var name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("{") { name.removeFirst() }
            if name.hasPrefix("&") { name = String(name.dropFirst()).trimmingCharacters(in: .whitespaces) }
            if let first = name.first, "#^/!>%=".contains(first) {
                if first == "#" || first == "^" { names.append(String(name.dropFirst()).trimmingCharacters(in: .whitespaces)) }
            } else if !name.isEmpty {
                names.append(name)
            }
            rest = rest[close.upperBound...]
            if rest.hasPrefix("}") { rest = rest.dropFirst() }
        }
        return names
    }
}
