import Testing

@testable import RiposteCore

/// `riposte templates lint` catches each kind of problem, pointing at the file and line.
@Suite struct TemplateLinterTests {
    static let review = #"review: { reference: MLR-1, version: "1", approved_by: QA, approved_on: 2026-01-01, expires_on: 2027-12-31 }"#

    static func template(id: String = "t.one", locale: String = "en", extra: String = "", variants: [String] = ["Thanks {{author.first_name}}!", "Much appreciated."]) -> String {
        """
          - id: \(id)
            locale: \(locale)
            intents: [praise]
            requires_approval: false
            \(review)
        \(extra.isEmpty ? "" : "    " + extra + "\n")    variants:
        \(variants.map { "      - \"\($0)\"" }.joined(separator: "\n"))

        """
    }

    static func file(_ templates: String...) -> String {
        "scenario: test\ntemplates:\n" + templates.joined()
    }

    func lint(_ contents: String, jargon: [String] = ["valued customer"], today: String = "2026-11-21") -> [TemplateIssue] {
        TemplateLinter(jargon: jargon, today: today).lint(TemplateLibrary(files: [("test.yml", contents)]))
    }

    @Test func aCleanPairPasses() {
        #expect(lint(Self.file(Self.template(), Self.template(locale: "fr", variants: ["Merci {{author.first_name}} !", "Merci beaucoup."]))).isEmpty)
    }

    @Test func reportsYAMLErrorsWithTheLine() throws {
        let issues = lint("scenario: test\ntemplates:\n  - id: [unclosed\n")
        let issue = try #require(issues.first)
        #expect(issue.file == "test.yml")
        #expect(issue.line != nil)
        #expect(issue.message.contains("YAML"))
    }

    @Test func reportsDuplicateIDs() {
        let issues = lint(Self.file(Self.template(), Self.template(), Self.template(locale: "fr")))
        #expect(issues.contains { $0.message.contains("duplicate id 't.one' in locale en") })
    }

    @Test func reportsAMissingLocale() {
        let issues = lint(Self.file(Self.template()))
        #expect(issues.contains { $0.message.contains("has no fr version") && $0.line == 3 })
    }

    @Test func reportsUnknownVariablesOnTheVariantsLine() throws {
        let issues = lint(Self.file(Self.template(variants: ["Hi {{author.nickname}}", "Hello"]), Self.template(locale: "fr")))
        let issue = try #require(issues.first { $0.message.contains("unknown variable {{author.nickname}}") })
        #expect(issue.line == 9)
    }

    @Test func reportsVariantsOverAChannelLimitEvenWithFallbacks() {
        let long = String(repeating: "This reply goes on and on. ", count: 12)
        let issues = lint(Self.file(Self.template(variants: [long, "Short."]), Self.template(locale: "fr")))
        #expect(issues.contains { $0.message.contains("over x's 280") })
    }

    @Test func reportsExpiredReviews() {
        let issues = lint(Self.file(Self.template(), Self.template(locale: "fr")), today: "2028-01-01")
        #expect(issues.contains { $0.message.contains("expired on 2027-12-31") })
    }

    @Test func reportsMissingReviewWhenApprovalIsSkipped() {
        let unreviewed = """
              - id: t.one
                locale: en
                intents: [praise]
                requires_approval: false
                variants: ["One", "Two"]

            """
        let issues = lint(Self.file(unreviewed, Self.template(locale: "fr")))
        #expect(issues.contains { $0.message.contains("review metadata") })
    }

    @Test func reportsCorporateJargon() {
        let issues = lint(Self.file(Self.template(variants: ["Dear Valued Customer, thanks.", "Thanks!"]), Self.template(locale: "fr")))
        #expect(issues.contains { $0.message.contains("sounds robotic: \"valued customer\"") })
    }

    @Test func reportsUnknownKeysAndValues() {
        let issues = lint(Self.file(Self.template(extra: "tone: cheerful"), Self.template(locale: "fr", extra: "flags: [spam]")))
        #expect(issues.contains { $0.message.contains("tone: unknown key") })
        #expect(issues.contains { $0.message.contains("'spam' is not one of") })
    }

    @Test func adverseEventTemplatesMustPointToTheSafetyContact() {
        let ae = Self.template(id: "ae", extra: "flags: [adverse_event]", variants: ["Sorry to hear. DM us.", "Please call {{safety_contact}}."])
        let issues = lint(Self.file(ae, Self.template(id: "ae", locale: "fr", extra: "flags: [adverse_event]", variants: ["Contactez {{safety_contact}}.", "Appelez {{safety_contact}}."])))
        #expect(issues.contains { $0.message.contains("variant 1 must invite the person to {{safety_contact}}") })
        #expect(issues.count == 1)
    }

    @Test func readsVariableNamesFromMustacheTags() {
        #expect(ReplyVariables.names(in: "Hi {{author.first_name}}, see {{{approved_info_url}}} {{#case_ref}}ref {{case_ref}}{{/case_ref}} {{! note}}")
            == ["author.first_name", "approved_info_url", "case_ref", "case_ref"])
    }

    @Test func countsURLsAsTwentyThreeOnX() {
        let text = "See https://example.com/a/very/long/path/that/goes/on/and/on/forever/and/ever now"
        #expect(ReplyPlatform.x.length(of: text) == 3 + 1 + 23 + 1 + 3)
        #expect(ReplyPlatform.facebook.length(of: text) == text.count)
        #expect(ReplyPlatform.x.length(of: "HTTP://X.CO/abcdefghijklmnopqrstuvwxyz0123 ok") == 23 + 1 + 2, "any case")
        #expect(ReplyPlatform.x.length(of: "Merci 🙏  à  vous") == "Merci 🙏  à  vous".count, "characters, double spaces included")
        for word in ["httpx://a.b", "http:/a.b", "https//a.b", "ftp://a.b", "http", ""] {
            #expect(!ReplyPlatform.isURL(Substring(word)), "\(word)")
        }
        for word in ["http://a", "https://a.b/c", "HtTpS://A"] {
            #expect(ReplyPlatform.isURL(Substring(word)), "\(word)")
        }
    }
}
