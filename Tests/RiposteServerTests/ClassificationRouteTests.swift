import Foundation
import HummingbirdTesting
import RiposteCore
import RiposteModels
import Testing

@testable import RiposteServer

/// Every ingested mention is classified by the shipped model; the API shows and filters on it.
@Suite struct ClassificationRouteTests {
    @Test func ingestedMentionsAreClassifiedStoredAndShown() async throws {
        let server = try TestServer { $0.classifier.risk.products = ["Cardiolix"] }
        try await server.test { client in
            let angry = #"{"id":"a1","source":"x","text":"Since I started Cardiolix I keep throwing up and my doctor won't listen. Worst drug ever.","author":{"handle":"jdoe","followers":40}}"#
            let happy = #"{"id":"a2","source":"x","text":"Thank you so much, the support team was wonderful 😍"}"#
            let angryID = try #require(try await client.ingest(angry).accepted.first?.id)
            let happyID = try #require(try await client.ingest(happy).accepted.first?.id)
            let done = try await eventually { try await server.database.pendingCount() == 0 }
            #expect(done)

            let shown = try await client.execute(uri: "/v1/mentions/\(angryID)", method: .get)
            let classification = try #require(shown.json["classification"] as? [String: Any])
            let sentiment = try #require(classification["sentiment"] as? [String: Any])
            #expect(sentiment["label"] as? String == "unsupportive")
            #expect((sentiment["evidence"] as? [Any])?.isEmpty == false)
            #expect((classification["model_version"] as? String)?.hasPrefix("sentiment-") == true)
            #expect(classification["priority"] as? String == "P2")
            let risk = try #require(classification["risk"] as? [String: Any])
            let flags = (risk["flags"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(flags.contains("adverse_event"))
            let event = try #require(risk["adverse_event"] as? [String: Any])
            #expect(event["identifiable_reporter"] as? [String] == ["@jdoe"])

            let unsupportive = try await client.execute(uri: "/v1/mentions?classification=unsupportive", method: .get)
            #expect((unsupportive.json["mentions"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [angryID])
            let supportive = try await client.execute(uri: "/v1/mentions?classification=supportive", method: .get)
            #expect((supportive.json["mentions"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [happyID])
            let adverse = try await client.execute(uri: "/v1/mentions?flag=adverse_event&priority=P2", method: .get)
            #expect((adverse.json["mentions"] as? [[String: Any]])?.count == 1)
            let legal = try await client.execute(uri: "/v1/mentions?flag=legal_threat", method: .get)
            #expect((legal.json["mentions"] as? [[String: Any]])?.isEmpty == true)

            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(text.contains(#"riposte_mentions_classified_total{sentiment="unsupportive",priority="P2"} 1"#), "\(text)")
            #expect(text.contains(#"riposte_risk_flags_total{flag="adverse_event"} 1"#))
        }
    }

    @Test(arguments: [("classification=angry", "classification"), ("flag=rude", "flag"), ("priority=P9", "priority")])
    func refusesUnknownFilterValuesNamingTheField(_ query: String, _ field: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            let response = try await client.execute(uri: "/v1/mentions?\(query)", method: .get)
            #expect(response.status == .badRequest)
            #expect((response.json["error"] as? [String: Any])?["field"] as? String == field)
        }
    }

    @Test func aMissingModelFileStopsStartUpNamingTheFile() throws {
        var configuration = RiposteConfiguration()
        configuration.classifier.model = "/nonexistent/model.rpsm"
        #expect {
            try RiposteRuntime.classifier(for: configuration)
        } throws: { error in
            "\(error)".contains("/nonexistent/model.rpsm")
        }
    }
}

/// The model shipped in the product: it loads, and behaves on the cases that make social text hard.
@Suite struct ShippedModelTests {
    func shipped() throws -> SentimentClassifier {
        SentimentClassifier(model: try SentimentModelFile.load(path: nil))
    }

    @Test func loadsWithItsCard() throws {
        let model = try SentimentModelFile.load(path: nil)
        #expect(model.metadata.version.hasPrefix("sentiment-"))
        #expect(model.metadata.trainedOn.count >= 2)
        #expect(model.domains.contains("french_tweets"))
    }

    @Test(arguments: [
        ("The flight was not bad at all, crew was lovely", Sentiment.supportive),
        ("I love how my flight got cancelled again. Thanks a lot.", .unsupportive),
        ("worst customer service ever 😡😡", .unsupportive),
        ("thank you sooo much for the help!! ❤️", .supportive),
        ("Service client nul, trois heures d'attente, c'est une honte", .unsupportive),
        ("Merci beaucoup, équipe au top 👍", .supportive),
        ("Flight 2345 departs from gate B4 at 10:30", .neutral),
        ("The app is okay but it crashes every single time I open it. Useless.", .unsupportive),
    ])
    func handlesHardCases(_ text: String, _ expected: Sentiment) throws {
        let result = try shipped().classify(text)
        #expect(result.label == expected, "\(text) → \(result.label) \(result.evidence)")
    }

    @Test func readsExplicitSarcasm() throws {
        let result = try shipped().classify("Love waiting 3 hours on hold, great job #not")
        #expect(result.label == .unsupportive)
        #expect(result.evidence.first?.kind == .sarcasm)
    }

    @Test func explainsItselfWithEvidence() throws {
        let result = try shipped().classify("@united you lost my bag and nobody answers, terrible service")
        #expect(result.label == .unsupportive)
        #expect(result.evidence.contains { $0.text.contains("terrible") || $0.text.contains("lost") })
        #expect(result.evidence.allSatisfy { $0.weight > 0 })
    }

    @Test func readsNegationInFrenchAndEnglish() throws {
        let classifier = try shipped()
        #expect(classifier.classify("pas terrible ce traitement, franchement décevant").label == .unsupportive)
        #expect(classifier.classify("I am not happy with this at all").label == .unsupportive)
        let plain = classifier.classify("happy with this")
        let negated = classifier.classify("not happy with this")
        #expect(plain.label == .supportive)
        #expect(negated.label != .supportive)
        #expect((negated.probabilities[.unsupportive] ?? 0) > (plain.probabilities[.unsupportive] ?? 0) + 0.2)
    }

    @Test func detectsFrenchWhenTheSourceDoesNotSay() throws {
        let classifier = try shipped()
        #expect(classifier.classify("le service est vraiment excellent").language == "fr")
        #expect(classifier.classify("le service est vraiment excellent", language: "fr-FR").language == "fr")
    }
}

/// The pipeline suggests replies to every mention; the API serves them.
@Suite struct SuggestionRouteTests {
    @Test func suggestionsAreStoredAndServed() async throws {
        let server = try TestServer { $0.replies.values["safety_contact"] = "safety@example.com" }
        try await server.test { client in
            let body = #"{"id":"s1","source":"x","text":"Since I started Cardiolix I get terrible headaches every morning","author":{"handle":"sam_k","name":"Sam K"}}"#
            let id = try #require(try await client.ingest(body).accepted.first?.id)
            let done = try await eventually { try await server.database.pendingCount() == 0 }
            #expect(done)
            let response = try await client.execute(uri: "/v1/mentions/\(id)/suggestions", method: .get)
            #expect(response.status == .ok)
            #expect(response.json["status"] as? String == "processed")
            let suggestions = try #require(response.json["suggestions"] as? [[String: Any]])
            let top = try #require(suggestions.first)
            #expect(top["template_id"] as? String == "ae.acknowledgement")
            let text = try #require(top["text"] as? String)
            #expect(text.contains("safety@example.com"))
            #expect(text.contains("AE-" + id.suffix(8)))
            #expect((top["reasons"] as? [String])?.isEmpty == false)
            let shown = try await client.execute(uri: "/v1/mentions/\(id)", method: .get)
            #expect((shown.json["suggestions"] as? [[String: Any]])?.count == suggestions.count)
            let missing = try await client.execute(uri: "/v1/mentions/01ARZ3NDEKTSV4RRFFQ69G5FAV/suggestions", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    @Test func aBurstOfSimilarComplaintsGetsVariedReplies() async throws {
        let server = try TestServer()
        try await server.test { client in
            let mentions = (0..<20).map { index in
                #"{"id":"c\#(index)","source":"x","text":"Been on hold for \#(index + 1) hours with customer service, nobody answers","author":{"handle":"user\#(index)"}}"#
            }
            _ = try await client.ingest(#"{"mentions":[\#(mentions.joined(separator: ","))]}"#)
            let done = try await eventually { try await server.database.pendingCount() == 0 }
            #expect(done)
            let recent = try await server.database.recentReplies(since: Date().addingTimeInterval(-3_600), limit: 100)
            #expect(recent.count == 20)
            #expect(Set(recent.map(\.variantKey)).count >= 3, "\(recent.map(\.variantKey))")
        }
    }
}
