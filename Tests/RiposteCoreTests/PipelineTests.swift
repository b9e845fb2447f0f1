import Foundation
import Testing

@testable import RiposteCore

@Suite struct PipelineTests {
    func stored(_ mention: Mention, parentThread: String? = nil) -> StoredMention {
        StoredMention(id: RiposteID.make(), mention: mention, receivedAt: Date(), parentThreadKey: parentThread)
    }

    @Test func threadsByConversationThenParentThenSelf() throws {
        let pipeline = MentionPipeline(stages: [ThreadingStage()])
        let own = try pipeline.process(stored(Mention(externalID: "9", source: "x", text: "t")))
        #expect(own.threadKey == "9")
        #expect(own.stages == ["threading"])
        let conversation = try pipeline.process(stored(Mention(externalID: "9", source: "x", text: "t", threadExternalID: "1", inReplyTo: "5")))
        #expect(conversation.threadKey == "1")
        let parentKnown = try pipeline.process(stored(Mention(externalID: "9", source: "x", text: "t", inReplyTo: "5"), parentThread: "1"))
        #expect(parentKnown.threadKey == "1")
        let parentUnknown = try pipeline.process(stored(Mention(externalID: "9", source: "x", text: "t", inReplyTo: "5")))
        #expect(parentUnknown.threadKey == "5")
    }

    struct Broken: MentionStage {
        var name: String { "broken" }
        struct Failure: Error {}
        func process(_ mention: StoredMention, context: inout PipelineContext, into result: inout MentionProcessingResult) throws { throw Failure() }
    }

    @Test func stageErrorsNameTheStage() {
        let pipeline = MentionPipeline(stages: [ThreadingStage(), Broken()])
        #expect(throws: StageError.self) { try pipeline.process(stored(Mention(externalID: "1", source: "x", text: "t"))) }
        do {
            _ = try pipeline.process(stored(Mention(externalID: "1", source: "x", text: "t")))
        } catch let error as StageError {
            #expect(error.stage == "broken")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func identifiersAreValidUniqueAndTimeOrdered() {
        // The first 10 characters encode the creation time in milliseconds (Crockford base 32).
        let future = Date(timeIntervalSince1970: 4_000_000_000.123)
        let id = RiposteID.make(at: future)
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let encoded = id.prefix(10).reduce(UInt64(0)) { $0 * 32 + UInt64(alphabet.firstIndex(of: $1) ?? 99) }
        #expect(encoded == 4_000_000_000_123)
        #expect(RiposteID.isValid(id))
        #expect(!RiposteID.isValid("not-an-id"))
        let many = (0..<1000).map { _ in RiposteID.make() }
        #expect(Set(many).count == 1000)
        #expect(many == many.sorted(), "identifiers made in one millisecond still sort in creation order")
        #expect(many[0] > id, "made after the future id, so the clock 'stepped back': order still holds")
        let stepBack = RiposteID.make(at: Date(timeIntervalSince1970: 10))
        #expect(stepBack > many[999], "a clock stepping back does not break the order")
    }
}
