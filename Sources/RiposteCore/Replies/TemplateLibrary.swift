import Foundation
import Mustache
import Yams

/// A problem in the template library, pointing at its file and line.
public struct TemplateIssue: Sendable, Equatable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// Creates an issue.
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}

/// The reply templates of `conversations/templates/*.yml`, parsed and compiled.
///
/// Each file is one scenario family: `scenario:` and a list of `templates:`. A template's `id` is
/// shared by its translations; `(id, locale)` is unique.
public struct TemplateLibrary: Sendable {
    /// Every template, in file order.
    public private(set) var templates: [ReplyTemplate] = []
    /// Problems found while reading (YAML errors, bad keys and values). Lint adds its own.
    public private(set) var issues: [TemplateIssue] = []
    /// Compiled variants by ``ReplyTemplate/variantKey(_:)``.
    private var compiled: [String: MustacheTemplate] = [:]

    /// An empty library.
    public init() {}

    /// Reads files given as `(name, contents)`; a broken file is reported and skipped.
    public init(files: [(name: String, contents: String)]) {
        for file in files { read(file.name, file.contents) }
    }

    /// The compiled variant, if it compiled.
    func compiledVariant(_ template: ReplyTemplate, _ index: Int) -> MustacheTemplate? {
        compiled[template.variantKey(index)]
    }

    private mutating func read(_ file: String, _ contents: String) {
        do {
            guard let root = try Yams.compose(yaml: contents) else {
                issues.append(TemplateIssue(file: file, line: nil, message: "the file is empty"))
                return
            }
            let reader = try ConfigReader(root, path: "", file: file, environment: [:])
            guard let scenario = try reader.string("scenario", nonEmpty: true) else { throw reader.missing("scenario") }
            guard let items = try reader.list("templates"), !items.isEmpty else { throw reader.missing("templates") }
            try reader.finish()
            for item in items {
                do {
                    try readTemplate(item, scenario: scenario, file: file)
                } catch {
                    issues.append(TemplateIssue(file: file, line: error.line, message: error.key.isEmpty ? error.message : "\(error.key): \(error.message)"))
                }
            }
        } catch let error as ConfigurationError {
            issues.append(TemplateIssue(file: file, line: error.line, message: error.key.isEmpty ? error.message : "\(error.key): \(error.message)"))
        } catch let error as YamlError {
            issues.append(TemplateIssue(file: file, line: Self.line(of: error), message: "not valid YAML: \(error)"))
        } catch {
            issues.append(TemplateIssue(file: file, line: nil, message: "\(error)"))
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private mutating func readTemplate(_ node: ConfigReader, scenario: String, file: String) throws(ConfigurationError) {
        guard let id = try node.string("id", nonEmpty: true) else { throw node.missing("id") }
        guard let locale = try node.choice("locale", ["en", "fr"]) else { throw node.missing("locale") }
        let intents = try Self.enumList(node, "intents", ReplyIntent.self)
        guard !intents.isEmpty else { throw node.missing("intents") }
        let review: TemplateReview?
        if let section = try node.section("review") {
            let fields = try ["reference", "version", "approved_by", "approved_on", "expires_on"].map { (name) throws(ConfigurationError) -> String in
                guard let value = try section.string(name, nonEmpty: true) else { throw section.missing(name) }
                return value
            }
            for (name, value) in [("approved_on", fields[3]), ("expires_on", fields[4])] where !Self.isDay(value) {
                throw section.error(name, "must be a date written YYYY-MM-DD (got '\(value)')")
            }
            try section.finish()
            review = TemplateReview(reference: fields[0], version: fields[1], approvedBy: fields[2], approvedOn: fields[3], expiresOn: fields[4])
        } else {
            review = nil
        }
        var fallbacks: [String: String] = [:]
        if let section = try node.section("fallbacks") {
            for name in ReplyVariables.known { if let value = try section.string(name) { fallbacks[name] = value } }
            try section.finish()
        }
        guard let variantTexts = try node.stringsWithLines("variants"), !variantTexts.isEmpty else { throw node.missing("variants") }
        let template = ReplyTemplate(
            id: id, locale: locale, scenario: scenario, intents: intents,
            sentiments: try Self.enumList(node, "sentiments", Sentiment.self),
            flags: try Self.enumList(node, "flags", RiskFlagKind.self),
            authorTypes: try Self.enumList(node, "author_types", AuthorType.self),
            channels: try Self.enumList(node, "channels", ReplyPlatform.self).map(\.rawValue),
            variants: variantTexts.map { TemplateVariant(text: $0.value, line: $0.line) },
            fallbacks: fallbacks,
            requiresApproval: try node.bool("requires_approval") ?? true,
            review: review, file: file, line: node.line
        )
        try node.finish()
        // A duplicate (id, locale) is reported and skipped: its compiled variants would otherwise
        // replace the first template's, which would then be served under the wrong review.
        if let first = templates.first(where: { $0.id == id && $0.locale == locale }) {
            issues.append(TemplateIssue(file: file, line: node.line, message: "\(id) (\(locale)): duplicate id '\(id)' in locale \(locale) (first at \(first.file):\(first.line ?? 0)); this one is ignored"))
            return
        }
        for (index, variant) in template.variants.enumerated() {
            do {
                compiled[template.variantKey(index)] = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + variant.text)
            } catch {
                issues.append(TemplateIssue(file: file, line: variant.line, message: "\(id) (\(locale)) variant \(index + 1): not a valid Mustache template: \(error)"))
            }
        }
        templates.append(template)
    }

    private static func enumList<T: RawRepresentable & CaseIterable>(_ node: ConfigReader, _ name: String, _ type: T.Type) throws(ConfigurationError) -> [T] where T.RawValue == String {
        guard let values = try node.strings(name, droppingEmpty: true) else { return [] }
        return try values.map { (value) throws(ConfigurationError) -> T in
            guard let parsed = T(rawValue: value) else {
                throw node.error(name, "'\(value)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return parsed
        }
    }

    static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return text.count == 10 && parts.count == 3 && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    /// Renders one variant with the given values (fallbacks filled in), whitespace tidied.
    public func render(_ template: ReplyTemplate, variant index: Int, variables: ReplyVariables) -> String? {
        guard let compiled = compiledVariant(template, index) else { return nil }
        var context: [String: Any] = [:]
        var author: [String: String] = [:]
        for (key, value) in variables.resolved(locale: template.locale, overrides: template.fallbacks) {
            if key.hasPrefix("author.") { author[String(key.dropFirst(7))] = value } else { context[key] = value }
        }
        context["author"] = author
        return Self.tidy(compiled.render(context), locale: template.locale)
    }

    /// Collapses runs of spaces and removes spaces left before punctuation by an empty value
    /// (`Thanks , ` → `Thanks,`, `Thanks !` → `Thanks!`), keeping French spacing before `? ! : ;`.
    /// A comma left dangling by an empty value goes too: `had, , and` → `had, and`,
    /// `thanks. , we` → `thanks. We`, `Thanks, !` → `Thanks!`, `Merci, !` → `Merci !`.
    static func tidy(_ text: String, locale: String) -> String {
        let tight: Set<Character> = locale == "fr" ? [",", "."] : [",", ".", "!", "?", ":", ";"]
        let marks: Set<Character> = [",", ".", "!", "?", ":", ";"]
        var result = ""
        var previousSpace = false
        // A text that opened with an empty value ("{{author.first_name}}, if you…") starts at its
        // first word.
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).drop { $0 == "," || $0 == " " }
        for character in trimmed {
            if character == " " {
                if previousSpace { continue }
                previousSpace = true
            } else {
                if previousSpace, character == ",", let before = result.dropLast().last, marks.contains(before) {
                    continue  // `had, , and`, `thanks. , we`: keep the first mark and the space
                } else if previousSpace, marks.contains(character), result.dropLast().last == "," {
                    // `Thanks, !`: the comma opened an empty value.
                    result.removeLast(2)
                    if !tight.contains(character) { result.append(" ") }
                } else if previousSpace, tight.contains(character) {
                    result.removeLast()
                }
                previousSpace = false
            }
            result.append(character)
        }
        return capitalizingSentences(result)
    }

    /// Capitalises the first letter of the text and of each sentence (a fallback such as "our
    /// medical information team" may open one).
    static func capitalizingSentences(_ text: String) -> String {
        var result = ""
        var capitalizeNext = true
        var previous: Character = " "
        for character in text {
            if capitalizeNext, character.isLetter {
                result += character.uppercased()
                capitalizeNext = false
            } else {
                result.append(character)
                if character.isLetter || character.isNumber { capitalizeNext = false }
            }
            if character == " ", ".!?".contains(previous) { capitalizeNext = true }
            previous = character
        }
        return result
    }
}
