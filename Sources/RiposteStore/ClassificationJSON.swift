import Foundation
import RiposteCore

/// The stored form of a classification: JSON with snake_case keys, the same form the API shows.
enum ClassificationJSON {
    static func encode(_ classification: MentionClassification) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(classification), as: UTF8.self)
    }

    /// `nil` for text that is not a classification (never thrown: a row stays readable).
    static func decode(_ text: String) -> MentionClassification? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(MentionClassification.self, from: Data(text.utf8))
    }
}
