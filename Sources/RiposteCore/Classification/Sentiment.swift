/// How a mention stands toward the brand.
public enum Sentiment: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    case supportive
    case neutral
    case unsupportive

    /// The model's class order.
    var classIndex: Int {
        switch self {
        case .supportive: 0
        case .neutral: 1
        case .unsupportive: 2
        }
    }

    public static func < (lhs: Sentiment, rhs: Sentiment) -> Bool {
        lhs.classIndex < rhs.classIndex
    }
}
