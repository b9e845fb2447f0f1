/// A client mistake in a request: names the offending field so the sender can fix it.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of mistake this is.
    public enum Code: String, Sendable {
        /// The body is not well-formed JSON (or not UTF-8).
        case malformed = "malformed_json"
        /// A required field is absent or null.
        case missingField = "missing_field"
        /// A field is present but its value is wrong.
        case invalidField = "invalid_field"
        /// The body is well-formed but not of a shape this endpoint understands.
        case unsupportedShape = "unsupported_shape"
        /// More items than one request may carry.
        case tooMany = "too_many_items"
    }

    /// What kind of mistake this is.
    public var code: Code
    /// A sentence a person can act on.
    public var message: String
    /// The dotted path of the offending field (`mentions[2].author.followers`), if one applies.
    public var field: String?

    /// Creates a validation error.
    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String {
        if let field { return "\(field): \(message)" }
        return message
    }

    /// The same error with its field placed under `prefix` (`author` → `mentions[3].author`).
    func nested(under prefix: String) -> ValidationError {
        var copy = self
        copy.field = field.map { prefix.isEmpty ? $0 : "\(prefix).\($0)" } ?? prefix
        return copy
    }
}
