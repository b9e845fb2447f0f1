import Foundation
import RiposteCore

/// The stored form of a classification: JSON with snake_case keys, the same form the API shows.
enum ClassificationJSON {
    /// The encoder for stored details (classifications and suggestions): snake_case keys, sorted.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func encode(_ classification: MentionClassification) throws -> String {
        try encode(classification, with: encoder())
    }

    static func encode(_ value: some Encodable, with encoder: JSONEncoder) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `nil` for text that is not a classification (never thrown: a row stays readable).
    static func decode(_ text: String) -> MentionClassification? {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(MentionClassification.self, from: Data(text.utf8))
    }
}
