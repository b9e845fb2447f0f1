/// Precision, recall and F1 of one label.
public struct LabelScores: Sendable, Equatable, Codable {
    /// Of the posts given this label, the share that had it.
    public var precision: Double
    /// Of the posts that had this label, the share given it.
    public var recall: Double
    /// Their harmonic mean.
    public var f1: Double
    /// How many posts had this label.
    public var support: Int
}

/// A confusion matrix over a fixed list of labels, and the figures drawn from it.
public struct ClassificationMetrics: Sendable, Equatable {
    /// The labels, in row and column order.
    public let labels: [String]
    /// `counts[truth][prediction]`.
    public private(set) var counts: [[Int]]

    /// Creates an empty matrix.
    public init(labels: [String]) {
        self.labels = labels
        counts = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
    }

    /// Counts one prediction. Labels outside the list are ignored.
    public mutating func record(truth: String, prediction: String) {
        guard let row = labels.firstIndex(of: truth), let column = labels.firstIndex(of: prediction) else { return }
        counts[row][column] += 1
    }

    /// Adds another matrix over the same labels.
    public mutating func merge(_ other: ClassificationMetrics) {
        for row in counts.indices {
            for column in counts.indices { counts[row][column] += other.counts[row][column] }
        }
    }

    /// How many predictions were counted.
    public var total: Int { counts.joined().reduce(0, +) }

    /// The share of correct predictions.
    public var accuracy: Double {
        total == 0 ? 0 : Double(labels.indices.map { counts[$0][$0] }.reduce(0, +)) / Double(total)
    }

    /// Precision, recall and F1 of a label.
    public func scores(of label: String) -> LabelScores {
        guard let index = labels.firstIndex(of: label) else { return LabelScores(precision: 0, recall: 0, f1: 0, support: 0) }
        let truePositives = Double(counts[index][index])
        let predicted = Double(counts.map { $0[index] }.reduce(0, +))
        let actual = counts[index].reduce(0, +)
        let precision = predicted == 0 ? 0 : truePositives / predicted
        let recall = actual == 0 ? 0 : truePositives / Double(actual)
        let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return LabelScores(precision: precision, recall: recall, f1: f1, support: actual)
    }

    /// The unweighted mean of every label's F1.
    public var macroF1: Double {
        labels.isEmpty ? 0 : labels.map { scores(of: $0).f1 }.reduce(0, +) / Double(labels.count)
    }

    /// The matrix as aligned text, truth in rows and predictions in columns.
    public var table: String {
        let width = max(12, (labels.map(\.count).max() ?? 0) + 2)
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        var lines = [pad("truth \\ predicted") + labels.map(pad).joined()]
        for (row, label) in labels.enumerated() {
            lines.append(pad(label) + counts[row].map { pad(String($0)) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
