import Foundation
import RiposteCore
import RiposteStore

/// A database file in a fresh temporary folder, removed at the end of the test.
struct TemporaryDatabase {
    let folder: URL
    var path: String { folder.appendingPathComponent("riposte.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("riposte-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func open() throws -> AppDatabase {
        try AppDatabase(path: path, synchronous: .full)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}

func payload(_ mentions: [Mention], channel: String = "api", body: String = "{}") -> InboundPayload {
    InboundPayload(channel: channel, body: Array(body.utf8), contentType: "application/json", authentication: "test", receivedAt: Date(), mentions: mentions)
}

func mention(_ id: String, source: String = "x", text: String = "hello", threadID: String? = nil, inReplyTo: String? = nil, handle: String? = nil, createdAt: Date? = nil) -> Mention {
    Mention(
        externalID: id, source: source, text: text, createdAt: createdAt, author: handle.map { MentionAuthor(handle: $0, followers: 10) },
        threadExternalID: threadID, inReplyTo: inReplyTo)
}
