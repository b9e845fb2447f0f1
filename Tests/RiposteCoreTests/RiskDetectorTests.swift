import Testing

@testable import RiposteCore

@Suite struct RiskDetectorTests {
    let detector: RiskDetector = {
        var settings = RiskSettings()
        settings.products = ["Cardiolix"]
        settings.competitors = ["RivalPharma"]
        return RiskDetector(settings: settings)
    }()

    func flags(_ text: String, author: MentionAuthor? = nil, brand: String? = nil) -> [RiskFlagKind] {
        detector.assess(SocialText(text), author: author, brand: brand).flags.map(\.kind)
    }

    @Test(arguments: [
        "Since I started Cardiolix I get terrible headaches every morning",
        "my son broke out in hives after taking his new meds",
        "Ce médicament m'a donné des nausées et des vertiges",
        "3 days on ozempic and I can't stop throwing up",
        "j'ai des effets secondaires horribles depuis que je prends ce traitement",
        "after taking it I got a rash all over my arms",
        "I can't take Cardiolix anymore, it gives me migraines",
        "de plus en plus de nausées depuis Cardiolix",
        "Cardiolix : plus de nausées qu'avant, et des vertiges",
        "j'ai plus d'essoufflement depuis Cardiolix",
        "Cardiolix: no energy, headaches all day",
        "@Cardiolix my client was hospitalised after taking your drug. Expect to hear from our firm. Preserve all records.",
        "mon père a été hospitalisé après avoir pris son traitement",
        // From the review of 2026-12-06: spoken forms, no apostrophes, deaths, "never … before".
        "cant breathe properly since my cardiolix dose went up, chest feels tight",
        "My grandpa died 10 days after they put him on Cardiolix",
        "Mon oncle est décédé trois semaines après avoir commencé le Cardiolix",
        "Never had migraines in my life before Cardiolix",
        "depuis Cardiolix j'ai la tête qui tourne et les chevilles enflées",
        "Ended up in the ER after taking Cardiolix, heart rate 38",
        "my dad's in hosp, docs think it's the cardiolix that tanked his BP",
        "Ma mère a fini aux urgences hier soir, le médecin pense que c'est le Cardiolix",
    ])
    func flagsAdverseEvents(_ text: String) {
        #expect(flags(text).contains(.adverseEvent), "\(text)")
    }

    @Test(arguments: [
        "Cardiolix has been great, no side effects at all",
        "I have a headache from this traffic",
        "Where can I buy Cardiolix cheaper?",
        "pas d'effets secondaires pour moi, super traitement",
        "je n'ai plus de nausées depuis que j'ai arrêté Cardiolix",
        "Franchement le Cardiolix m'a changé la vie, plus d'essoufflement dans les escaliers. Merci à mon cardiologue !",
        "Plus de maux de tête depuis que je prends Cardiolix",
        "the hospital pharmacy had my Cardiolix ready after the weekend",
        "my dad is in the hospital, taking Cardiolix has kept his heart steady for years",
    ])
    func doesNotFlagWhatIsNotAnAdverseEvent(_ text: String) {
        #expect(!flags(text).contains(.adverseEvent), "\(text)")
    }

    @Test func reportsTheFourGVPElementsAndSeriousness() throws {
        let author = MentionAuthor(handle: "jdoe", followers: 120)
        let assessment = detector.assess(SocialText("My mother was hospitalized after her second dose of Cardiolix, she couldn't breathe"), author: author)
        let event = try #require(assessment.adverseEvent)
        #expect(event.identifiableReporter == ["@jdoe"])
        #expect(event.identifiablePatient == ["my mother"])
        #expect(event.suspectProduct.contains("cardiolix"))
        #expect(event.adverseEvent.contains("couldn't breathe"))
        #expect(event.isComplete)
        #expect(event.serious)
        #expect(event.seriousEvidence.contains("hospitalized"))
        #expect(assessment.flag(.adverseEvent)?.detail == "serious")
    }

    @Test func aBrandFiledMentionSuppliesTheProduct() throws {
        let assessment = detector.assess(SocialText("this gave me the worst nausea of my life"), brand: "Cardiolix")
        #expect(assessment.adverseEvent?.suspectProduct.contains("Cardiolix") == true)
        #expect(assessment.has(.adverseEvent))
    }

    @Test(arguments: [
        ("I'm calling my lawyer, see you in court", RiskFlagKind.legalThreat),
        ("nous allons porter plainte contre vous", .legalThreat),
        ("my client was hospitalised after taking your drug. Expect to hear from our firm. Preserve all records.", .legalThreat),
        ("Preserve all records relating to batch 4471.", .legalThreat),
        ("Big Pharma doesn't want you to know the vaccine causes autism", .misinformationCue),
        ("on nous ment, c'est un complot", .misinformationCue),
        ("I want to kill myself, nothing helps anymore", .urgent),
        ("my kid swallowed three of the pills, what do I do", .urgent),
        ("mon fils ne respire plus, j'ai appelé le 15", .urgent),
        // Inside a negation: still urgent.
        ("j'en peux plus de ce traitement, je n'ai plus envie de vivre", .urgent),
        ("I can't do this anymore I just want to kill myself", .urgent),
        ("lol might just unalive myself if this insurance denial goes through", .urgent),
        ("Je vais avaler toute la boîte de Cardiolix ce soir", .urgent),
        ("his lips and tongue are swelling and he's wheezing, what do I do??", .urgent),
        ("J'ai porté plainte ce matin. Mon avocat prépare le dossier", .legalThreat),
        ("On behalf of our client, we put Cardiolix on notice of claims", .legalThreat),
        ("this is fucking ridiculous", .profanity),
        ("you are a bunch of liars and murderers", .harassment),
        ("je vais te retrouver, tu vas payer", .harassment),
    ])
    func raisesEachFlag(_ text: String, _ kind: RiskFlagKind) {
        let assessment = detector.assess(SocialText(text))
        #expect(assessment.has(kind), "\(text)")
        #expect(assessment.flag(kind)?.evidence.isEmpty == false)
    }

    @Test(arguments: [
        ("My lawyer friend recommended it", RiskFlagKind.legalThreat),
        ("my client loves the new inhaler", .legalThreat),
        ("the new packaging is lovely", .misinformationCue),
        ("killing it at the gym today", .urgent),
        ("what a lovely day", .profanity),
        ("you guys are the best", .harassment),
    ])
    func staysQuietOnInnocentTexts(_ text: String, _ kind: RiskFlagKind) {
        #expect(!flags(text).contains(kind), "\(text)")
    }

    @Test func urgentSaysWhatKind() {
        #expect(detector.assess(SocialText("I want to end it all")).flag(.urgent)?.detail == "self_harm")
        #expect(detector.assess(SocialText("found glass in the bottle")).flag(.urgent)?.detail == "safety")
    }

    @Test(arguments: [
        (MentionAuthor(handle: "a", bio: "Health reporter at the Daily Planet", followers: 3_000), AuthorType.journalist, true),
        (MentionAuthor(handle: "b", bio: "Cardiologist, MD. Views my own", followers: 800), .healthcareProfessional, true),
        (MentionAuthor(handle: "c", bio: "T1D warrior, mom of two", followers: 400), .patientOrCaregiver, false),
        (MentionAuthor(handle: "d", bio: "music", followers: 2_000_000, verified: true), .celebrityOrHighReach, true),
        (MentionAuthor(handle: "rivalpharma_news", bio: "News from RivalPharma"), .competitor, true),
        (MentionAuthor(handle: "e", bio: "dog lover", followers: 150), .regular, false),
        (MentionAuthor(handle: "f", bio: "journaliste santé au Monde", followers: 5_000), .journalist, true),
    ])
    func typesAuthors(_ author: MentionAuthor, _ type: AuthorType, _ influential: Bool) {
        let assessment = detector.assessAuthor(author)
        #expect(assessment.type == type)
        #expect(assessment.influential == influential)
        #expect(type == .regular || !assessment.evidence.isEmpty)
    }

    @Test func reachThresholdsAreConfigurable() {
        var settings = RiskSettings()
        settings.highReachFollowers = 5_000
        let author = MentionAuthor(handle: "x", bio: "", followers: 6_000)
        #expect(RiskDetector(settings: settings).assessAuthor(author).type == .celebrityOrHighReach)
        #expect(RiskDetector().assessAuthor(author).type == .regular)
    }
}

@Suite struct PriorityRulesTests {
    func risk(_ flags: [RiskFlag], influential: Bool = false) -> RiskAssessment {
        RiskAssessment(flags: flags, adverseEvent: nil, author: AuthorAssessment(type: influential ? .journalist : .regular, evidence: [], influential: influential))
    }

    @Test(arguments: [
        ([RiskFlag(kind: .urgent, evidence: ["x"], detail: "self_harm")], Sentiment.neutral, false, Priority.p1),
        ([RiskFlag(kind: .adverseEvent, evidence: ["x"], detail: "serious")], .neutral, false, .p1),
        ([RiskFlag(kind: .adverseEvent, evidence: ["x"], detail: "non_serious")], .supportive, false, .p2),
        ([RiskFlag(kind: .legalThreat, evidence: ["x"])], .unsupportive, false, .p2),
        ([], .unsupportive, true, .p2),
        ([RiskFlag(kind: .harassment, evidence: ["x"])], .neutral, false, .p3),
        ([], .unsupportive, false, .p3),
        ([], .supportive, true, .p3),
        ([], .supportive, false, .p4),
    ])
    func derivesPriorityWithTheRule(_ flags: [RiskFlag], _ sentiment: Sentiment, _ influential: Bool, _ expected: Priority) {
        let (priority, rule) = PriorityRules.decide(sentiment: sentiment, risk: risk(flags, influential: influential))
        #expect(priority == expected)
        #expect(!rule.isEmpty)
    }
}
