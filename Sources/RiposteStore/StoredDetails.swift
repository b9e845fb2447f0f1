import Foundation
import RiposteCore

/// The JSON `details` columns of a chunk of processing results, encoded before the write
/// transaction so that the database writer is held only for the statements.
struct StoredDetails {
    private var classifications: [String: String] = [:]
    private var suggestions: [String: [String]] = [:]

    init(_ results: some Sequence<MentionProcessingResult>) throws {
        let encoder = ClassificationJSON.encoder()
        for result in results {
            guard let classification = result.classification else { continue }
            classifications[result.mentionID] = try ClassificationJSON.encode(classification, with: encoder)
            suggestions[result.mentionID] = try result.suggestions.map { try ClassificationJSON.encode($0, with: encoder) }
        }
    }

    /// The classification's JSON; encoded now if the result was not among those given at init.
    func classification(of result: MentionProcessingResult) throws -> String? {
        if let encoded = classifications[result.mentionID] { return encoded }
        return try result.classification.map { try ClassificationJSON.encode($0) }
    }

    /// Each suggestion's JSON, by rank; encoded now if the result was not among those given at init.
    func suggestions(of result: MentionProcessingResult) throws -> [String] {
        if let encoded = suggestions[result.mentionID], encoded.count == result.suggestions.count { return encoded }
        let encoder = ClassificationJSON.encoder()
        return try result.suggestions.map { try ClassificationJSON.encode($0, with: encoder) }
    }
}
