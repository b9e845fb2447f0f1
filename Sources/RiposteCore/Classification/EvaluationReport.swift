import Foundation

/// What `riposte eval` measures.
public enum EvaluationTask: String, Sendable, CaseIterable {
    /// supportive / neutral / unsupportive, scored on `unsupportive`.
    case sentiment
    /// Adverse-event detection, `ade` / `no_ade`, scored on `ade`.
    case ade

    /// The labels a file for this task may carry.
    public var labels: [String] {
        switch self {
        case .sentiment: Sentiment.allCases.map(\.rawValue)
        case .ade: ["ade", "no_ade"]
        }
    }

    /// The label whose precision, recall and F1 are reported.
    public var focusLabel: String {
        switch self {
        case .sentiment: "unsupportive"
        case .ade: "ade"
        }
    }
}

/// The result of an evaluation run, in the JSON shape of Riposte's CLI contract.
public struct EvaluationReport: Sendable {
    /// The task.
    public var task: EvaluationTask
    /// The confusion matrix.
    public var metrics: ClassificationMetrics
    /// Texts classified per second (classification only, one thread).
    public var textsPerSecond: Double

    /// Creates a report.
    public init(task: EvaluationTask, metrics: ClassificationMetrics, textsPerSecond: Double) {
        self.task = task
        self.metrics = metrics
        self.textsPerSecond = textsPerSecond
    }

    /// `{"n":…, "accuracy":…, "macro_f1":…, "<focus>":{"precision":…,"recall":…,"f1":…}, "texts_per_second":…}`.
    public var json: String {
        let focus = metrics.scores(of: task.focusLabel)
        func number(_ value: Double) -> String { String(format: "%.4f", value) }
        return """
            {"n":\(metrics.total),"accuracy":\(number(metrics.accuracy)),"macro_f1":\(number(metrics.macroF1)),\
            "\(task.focusLabel)":{"precision":\(number(focus.precision)),"recall":\(number(focus.recall)),"f1":\(number(focus.f1))},\
            "texts_per_second":\(String(format: "%.1f", textsPerSecond))}
            """
    }

    /// A human-readable summary with the confusion matrix.
    public var text: String {
        let focus = metrics.scores(of: task.focusLabel)
        var lines = [
            "texts: \(metrics.total)",
            String(format: "accuracy: %.4f   macro-F1: %.4f", metrics.accuracy, metrics.macroF1),
            String(format: "%@: precision %.4f  recall %.4f  F1 %.4f", task.focusLabel, focus.precision, focus.recall, focus.f1),
            String(format: "speed: %.0f texts/s", textsPerSecond),
            "",
            metrics.table,
            "",
            "per label:",
        ]
        for label in metrics.labels {
            let scores = metrics.scores(of: label)
            let name = label.padding(toLength: max(14, label.count), withPad: " ", startingAt: 0)
            lines.append("  \(name) " + String(format: "precision %.4f  recall %.4f  F1 %.4f  (support %d)", scores.precision, scores.recall, scores.f1, scores.support))
        }
        return lines.joined(separator: "\n")
    }
}
