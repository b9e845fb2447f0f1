/// Checks the template library before it reaches a responder: `riposte templates lint`, run by CI.
public struct TemplateLinter: Sendable {
    /// The locales every template must exist in.
    public var locales = ["en", "fr"]
    /// Phrases that make a reply sound like a press release (`conversations/jargon.txt`), lower-cased.
    public var jargon: [String]
    /// Today, `YYYY-MM-DD`: reviews that ended before it are expired.
    public var today: String

    /// The channels a template with no `channels:` is checked against (TikTok's 150 characters
    /// apply only to templates that name it).
    public static let defaultChannels: [ReplyPlatform] = [.x, .facebook, .instagram, .linkedin, .web]

    /// Creates a linter.
    public init(jargon: [String], today: String) {
        self.jargon = jargon.map { $0.lowercased() }
        self.today = today
    }

    /// Reads the jargon list: one phrase per line, `#` comments.
    public static func jargonList(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// Every problem in the library, in file order.
    public func lint(_ library: TemplateLibrary) -> [TemplateIssue] {
        var issues = library.issues
        var seen: [String: ReplyTemplate] = [:]
        var localesOfID: [String: Set<String>] = [:]
        for template in library.templates {
            let key = "\(template.id)/\(template.locale)"
            if let first = seen[key] {
                issues.append(issue(template, "duplicate id '\(template.id)' in locale \(template.locale) (first at \(first.file):\(first.line ?? 0))"))
            } else {
                seen[key] = template
            }
            localesOfID[template.id, default: []].insert(template.locale)
            issues += check(template, library: library)
        }
        var reported = Set<String>()
        for template in library.templates where !reported.contains(template.id) {
            let missing = locales.filter { !(localesOfID[template.id] ?? []).contains($0) }
            if !missing.isEmpty {
                reported.insert(template.id)
                issues.append(issue(template, "'\(template.id)' has no \(missing.joined(separator: ", ")) version: every scenario is written in \(locales.joined(separator: " and "))"))
            }
        }
        return issues.sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
    }

    private func issue(_ template: ReplyTemplate, _ message: String, line: Int? = nil) -> TemplateIssue {
        TemplateIssue(file: template.file, line: line ?? template.line, message: "\(template.id) (\(template.locale)): \(message)")
    }

    private func check(_ template: ReplyTemplate, library: TemplateLibrary) -> [TemplateIssue] {
        var issues: [TemplateIssue] = []
        if template.variants.count < 2 {
            issues.append(issue(template, "needs at least 2 variants (differently worded) so replies do not repeat"))
        }
        if let review = template.review {
            if review.expiresOn < today { issues.append(issue(template, "review \(review.reference) expired on \(review.expiresOn)")) }
        } else if !template.requiresApproval {
            issues.append(issue(template, "requires_approval is false, so review metadata (reference, version, approved_by, approved_on, expires_on) is required"))
        }
        if template.flags.contains(.adverseEvent) || template.intents.contains(.adverseEvent) {
            if !template.flags.contains(.adverseEvent) { issues.append(issue(template, "an adverse-event template must list flags: [adverse_event]")) }
            for (index, variant) in template.variants.enumerated() where !ReplyVariables.names(in: variant.text).contains("safety_contact") {
                issues.append(issue(template, "variant \(index + 1) must invite the person to {{safety_contact}}", line: variant.line))
            }
        }
        let channels = template.channels.isEmpty ? Self.defaultChannels : template.channels.compactMap(ReplyPlatform.init(rawValue:))
        var seenTexts = Set<String>()
        for (index, variant) in template.variants.enumerated() {
            let number = index + 1
            if !seenTexts.insert(variant.text).inserted { issues.append(issue(template, "variant \(number) repeats an earlier variant", line: variant.line)) }
            for name in ReplyVariables.names(in: variant.text) where !ReplyVariables.known.contains(name) {
                issues.append(issue(template, "variant \(number) uses unknown variable {{\(name)}} (known: \(ReplyVariables.known.joined(separator: ", ")))", line: variant.line))
            }
            let lowered = variant.text.lowercased()
            for phrase in jargon where lowered.contains(phrase) {
                issues.append(issue(template, "variant \(number) sounds robotic: \"\(phrase)\" — say it the way a person would", line: variant.line))
            }
            if let rendered = library.render(template, variant: index, variables: ReplyVariables()) {
                for channel in channels where !channel.fits(rendered) {
                    issues.append(issue(template, "variant \(number) is \(channel.length(of: rendered)) characters with fallbacks, over \(channel.rawValue)'s \(channel.limit)", line: variant.line))
                }
            }
        }
        return issues
    }
}
