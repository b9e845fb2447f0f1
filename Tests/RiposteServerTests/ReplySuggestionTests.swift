import Foundation
@testable import RiposteCore
import RiposteModels
import Testing

/// The shipped template library with the shipped model: what a responder would see.
@Suite struct ReplySuggestionTests {
    /// A fixed day inside the shipped reviews' validity, so the tests do not expire with them.
    static let now = RFC3339.parse("2026-11-21T12:00:00Z") ?? Date()
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("conversations")

    func parts() throws -> (MentionClassifier, ReplySuggester) {
        var settings = RiskSettings()
        settings.products = ["Cardiolix"]
        let classifier = MentionClassifier(sentiment: SentimentClassifier(model: try SentimentModelFile.load(path: nil)), risk: RiskDetector(settings: settings))
        let library = try TemplateFiles.library(folder: Self.folder.appendingPathComponent("templates").path)
        return (classifier, ReplySuggester(library: library))
    }

    func suggest(_ text: String, bio: String? = nil, platform: ReplyPlatform = .x, author: String? = nil, recent: [RecentReply] = []) throws -> (MentionClassification, [ReplySuggestion]) {
        let (classifier, suggester) = try parts()
        let classification = classifier.classify(text, author: bio.map { MentionAuthor(handle: "someone", bio: $0) })
        let request = SuggestionRequest(
            text: text, classification: classification, platform: platform, author: author,
            variables: ReplyVariables(values: ["author.first_name": "Sam", "case_ref": "AE-12345678", "safety_contact": "safety@example.com"]))
        return (classification, suggester.suggest(request, recent: recent, now: Self.now))
    }

    @Test func theShippedLibraryLintsClean() throws {
        let library = try TemplateFiles.library(folder: Self.folder.appendingPathComponent("templates").path)
        let jargon = try TemplateFiles.jargon(Self.folder.appendingPathComponent("jargon.txt").path)
        let issues = TemplateLinter(jargon: jargon, today: "2026-11-21").lint(library)
        #expect(issues.isEmpty, "\(issues)")
        #expect(library.templates.count >= 40)
        #expect(Set(library.templates.map(\.locale)) == ["en", "fr"])
    }

    @Test(arguments: [
        ("Thank you so much, the support team was wonderful!", nil as String?, ReplyIntent.praise),
        ("Cardiolix gave me my life back after 10 years of struggling. Thank you!", nil, .patientStory),
        ("$400 a month for Cardiolix and my insurance won't cover it. How is that ok", nil, .accessComplaint),
        ("Third pharmacy today and still out of stock. Where is my medicine??", nil, .accessComplaint),
        ("Been on hold for 2 hours with your customer service, nobody answers", nil, .serviceFailure),
        ("How long does it take for Cardiolix to start working?", nil, .productQuestion),
        ("Can I take Cardiolix while pregnant?", nil, .offLabelQuestion),
        ("Is it ok to crush the pills for my kid?", nil, .offLabelQuestion),
        ("Since I started Cardiolix I get terrible headaches every morning", nil, .adverseEvent),
        ("my mom was hospitalized after her second dose, she couldn't breathe", nil, .adverseEvent),
        ("Big Pharma doesn't want you to know Cardiolix is poison", nil, .misinformation),
        ("Working on a story about heart drug prices, can someone comment?", "Health reporter at the Daily Planet", .mediaInquiry),
        ("Is there data on Cardiolix in patients with renal impairment?", "Cardiologist, MD", .hcpInquiry),
        ("I'm calling my lawyer, you will hear from us in court", nil, .legalThreat),
        ("Found glass in my bottle of pills. Is anyone checking this?", nil, .crisis),
        ("I want to end it all, nothing works anymore", nil, .selfHarm),
        ("You are a bunch of liars and murderers", nil, .hostile),
        ("Cardiolix will be discussed at tomorrow's cardiology congress, session 4B at 10:00", nil, .neutralMention),
        ("Merci infiniment, l'équipe a été adorable !", nil, .praise),
        ("Grâce à Cardiolix j'ai retrouvé une vie normale après 10 ans", nil, .patientStory),
        ("Rupture de stock dans toutes les pharmacies de Lyon, c'est une honte", nil, .accessComplaint),
        ("Trop cher et pas remboursé par la mutuelle, inadmissible", nil, .accessComplaint),
        ("Service client injoignable depuis une semaine, personne ne répond", nil, .serviceFailure),
        ("Est-ce que Cardiolix se prend avant ou après le repas ?", nil, .productQuestion),
        ("Est-ce que je peux prendre Cardiolix enceinte ?", nil, .offLabelQuestion),
        ("Depuis que je prends Cardiolix j'ai des vertiges tous les matins", nil, .adverseEvent),
        ("On nous ment, Cardiolix est un poison, c'est un complot", nil, .misinformation),
        ("Je prépare un article sur le prix des traitements, pouvez-vous commenter ?", "journaliste santé", .mediaInquiry),
        ("Nous allons porter plainte contre votre laboratoire", nil, .legalThreat),
        ("Bande de menteurs et d'assassins, je vais vous retrouver", nil, .hostile),
    ])
    func picksTheExpectedTopIntent(_ text: String, _ bio: String?, _ intent: ReplyIntent) throws {
        let (classification, suggestions) = try suggest(text, bio: bio)
        let top = try #require(suggestions.first, "no suggestion for: \(text) (\(classification.sentiment.label), \(classification.risk.flags.map(\.kind)))")
        #expect(top.reasons.first?.hasPrefix("intent \(intent.rawValue)") == true, "\(text) → \(top.templateID): \(top.reasons)")
        #expect(top.locale == (classification.sentiment.language == "fr" ? "fr" : "en"))
        for suggestion in suggestions { #expect(ReplyPlatform.x.fits(suggestion.text), "\(suggestion.text)") }
    }

    @Test func aggregatorSourcesTakeTheLimitOfThePostsPlatform() {
        #expect(ReplyPlatform(source: "meltwater", url: "https://x.com/a/status/1") == .x)
        #expect(ReplyPlatform(source: "meltwater", url: "https://www.instagram.com/p/1") == .instagram)
        #expect(ReplyPlatform(source: "meltwater", url: nil) == .x)
        #expect(ReplyPlatform(source: "facebook", url: nil) == .facebook)
    }

    /// Without a first name (a brand account, "A. Keller, Esq.") no variant may read
    /// "had,, and" or "Thanks, !": every shipped variant, rendered with no variables at all.
    @Test func variantsReadWellWithoutAFirstName() throws {
        let library = try TemplateFiles.library(folder: Self.folder.appendingPathComponent("templates").path)
        var rendered = 0
        for template in library.templates {
            for index in template.variants.indices {
                guard let text = library.render(template, variant: index, variables: ReplyVariables(values: [:])) else { continue }
                rendered += 1
                for bad in [",,", ", ,", ",.", ",!", ",?", ", !", ", ?", ", .", "  "] {
                    #expect(!text.contains(bad), "\(template.id) [\(template.locale)] variant \(index + 1): \(text)")
                }
            }
        }
        #expect(rendered > 50)
    }

    @Test(arguments: [
        ("en", "That's not the experience you should have had, , and I'm sorry.", "That's not the experience you should have had, and I'm sorry."),
        ("en", "Thanks, !", "Thanks!"),
        ("en", "Thanks , see you", "Thanks, see you"),
        ("fr", "Merci, !", "Merci !"),
        ("fr", "Merci  ! À bientôt", "Merci ! À bientôt"),
        ("en", "Hi , thanks. , we care", "Hi, thanks. We care"),
        ("en", ", if you or someone near you is in danger, call now.", "If you or someone near you is in danger, call now."),
    ])
    func tidyRemovesWhatAnEmptyValueLeft(locale: String, raw: String, tidy: String) {
        #expect(TemplateLibrary.tidy(raw, locale: locale) == tidy)
    }

    @Test(arguments: [
        ("Dr Amelia Short", nil), ("Holistic Health Help", nil), ("Whitfield & Co Injury Law", nil), ("A. Keller, Esq.", nil),
        ("Maître Dupont", nil), ("Sam Okafor", "Sam"), ("Jean-Pierre Morel", "Jean-Pierre"), ("Léa", "Léa"),
    ] as [(String, String?)])
    func firstNamesSkipTitlesAndOrganisations(name: String, first: String?) {
        #expect(ReplyVariables.firstName(of: name) == first)
    }

    @Test func selfHarmGetsTheCrisisReplyFirstAndEmergenciesGetItAlongsideTheAcknowledgement() throws {
        for (text, crisisFirst) in [
            ("je n'ai plus envie de vivre, j'en peux plus de ce traitement", true),
            ("lol might just unalive myself if this insurance denial goes through", true),
            ("my son took his cardiolix and now his lips and tongue are swelling, he's wheezing, what do I do??", false),
        ] {
            let (classification, suggestions) = try suggest(text)
            let ids = suggestions.map(\.templateID)
            #expect(classification.risk.has(.urgent), "\(text)")
            #expect(ids.contains { $0.hasPrefix("crisis.") }, "\(text) → \(ids)")
            if crisisFirst {
                #expect(ids.first == "crisis.self_harm", "\(text) → \(ids)")
                #expect(!ids.contains("crisis.holding"), "no 'we are investigating' to someone in crisis: \(ids)")
            }
            #expect(!ids.contains { $0.hasPrefix("praise") || $0.hasPrefix("service") || $0.hasPrefix("neutral") }, "\(text) → \(ids)")
        }
    }

    @Test func frenchPostsGetFrenchReplies() throws {
        let (_, suggestions) = try suggest("Merci beaucoup pour votre aide, super service")
        #expect(!suggestions.isEmpty)
        #expect(suggestions.allSatisfy { $0.locale == "fr" })
    }

    @Test func adverseEventsOnlyEverGetTheAcknowledgement() throws {
        for text in ["Love Cardiolix but it gives me awful headaches", "Cardiolix made me so dizzy I fell, thanks for nothing", "depuis le vaccin j'ai de la fièvre tous les soirs"] {
            let (classification, suggestions) = try suggest(text)
            #expect(classification.risk.has(.adverseEvent), "\(text)")
            #expect(!suggestions.isEmpty)
            #expect(suggestions.allSatisfy { $0.templateID == "ae.acknowledgement" }, "\(text)")
            #expect(suggestions.first?.text.contains("safety@example.com") == true)
            #expect(suggestions.first?.text.contains("AE-12345678") == true)
        }
    }

    @Test func hostilePostsNeverGetACheerfulReply() throws {
        for text in ["fuck you and your fucking pills, liars", "You people are scum, I hope you rot", "bande de connards, allez vous faire voir"] {
            let (_, suggestions) = try suggest(text)
            for suggestion in suggestions {
                #expect(!suggestion.templateID.hasPrefix("praise"), "\(text) → \(suggestion.templateID)")
                #expect(!suggestion.templateID.hasPrefix("neutral"), "\(text) → \(suggestion.templateID)")
            }
        }
    }

    @Test func theXLimitHoldsWithLongValues() throws {
        let (classifier, suggester) = try parts()
        let classification = classifier.classify("Since I started Cardiolix I get terrible headaches every morning")
        let longContact = "our pharmacovigilance team, reachable every day from 8am to 8pm at +33 1 23 45 67 89 or by e-mail at drug.safety.reports@example-pharma-company.com"
        let request = SuggestionRequest(
            text: "x", classification: classification, platform: .x,
            variables: ReplyVariables(values: ["safety_contact": longContact, "author.first_name": "Bartholomew", "case_ref": "AE-ABCDEFGH"]))
        let suggestions = suggester.suggest(request, recent: [], now: Self.now)
        #expect(!suggestions.isEmpty)
        for suggestion in suggestions { #expect(ReplyPlatform.x.fits(suggestion.text)) }
    }

    @Test func similarComplaintsFromDifferentAuthorsGetVariedWording() throws {
        let (classifier, suggester) = try parts()
        var recent: [RecentReply] = []
        var tops: [String] = []
        let now = Self.now
        for index in 0..<20 {
            let text = "Been waiting on hold for \(index + 1) hours with customer service, nobody answers"
            let classification = classifier.classify(text)
            let request = SuggestionRequest(text: text, classification: classification, platform: .x, author: "x:user\(index)")
            let top = try #require(suggester.suggest(request, recent: recent, now: now).first)
            tops.append(top.variantKey)
            recent.append(RecentReply(variantKey: top.variantKey, author: "x:user\(index)", thread: nil, at: now.addingTimeInterval(Double(index))))
        }
        #expect(Set(tops).count >= 3, "\(tops)")
    }

    @Test func neverTheSameVariantToTheSameAuthorWithinTheWindow() throws {
        let (classifier, suggester) = try parts()
        let text = "Been on hold for an hour with customer service, nobody answers"
        let classification = classifier.classify(text)
        let request = SuggestionRequest(text: text, classification: classification, platform: .x, author: "x:sam")
        let now = Self.now
        let first = try #require(suggester.suggest(request, recent: [], now: now).first)
        let sent = RecentReply(variantKey: first.variantKey, author: "x:sam", thread: nil, at: now.addingTimeInterval(-86_400))
        let second = suggester.suggest(request, recent: [sent], now: now)
        #expect(!second.isEmpty)
        #expect(second.allSatisfy { $0.variantKey != first.variantKey })
        let longAgo = RecentReply(variantKey: first.variantKey, author: "x:sam", thread: nil, at: now.addingTimeInterval(-90 * 86_400))
        #expect(suggester.suggest(request, recent: [longAgo], now: now).contains { $0.templateID == first.templateID })
    }

    @Test func expiredTemplatesAreNeverSuggested() throws {
        let (classifier, suggester) = try parts()
        let classification = classifier.classify("Thank you so much, wonderful team!")
        let request = SuggestionRequest(text: "Thank you so much, wonderful team!", classification: classification, platform: .x)
        #expect(!suggester.suggest(request, recent: [], now: Self.now).isEmpty)
        let later = Self.now.addingTimeInterval(3 * 365 * 86_400)
        #expect(suggester.suggest(request, recent: [], now: later).isEmpty)
    }
}
