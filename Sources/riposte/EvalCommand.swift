import ArgumentParser
import Foundation
import RiposteCore

/// `riposte eval FILE.csv`: scores the classifier on a labelled file.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score the classifier on a labelled CSV file (id,text,label[,extra]).",
        discussion: """
            --task sentiment reads labels supportive|neutral|unsupportive; --task ade reads ade|no_ade and \
            scores the adverse_event flag. Speed counts classification only, on one thread.
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var modelOptions: ModelOptions

    @Argument(help: "The labelled CSV file.")
    var file: String

    @Option(help: "sentiment or ade.")
    var task: String = "sentiment"

    @Flag(help: "Print the JSON summary only.")
    var json = false

    func validate() throws {
        guard EvaluationTask(rawValue: task) != nil else { throw ValidationError("--task must be sentiment or ade") }
    }

    func run() throws {
        try reportingErrorsSync {
            let task = EvaluationTask(rawValue: task) ?? .sentiment
            let configuration = try options.load()
            let loadStart = ContinuousClock.now
            let model = try modelOptions.load(configuration: configuration)
            let classifier = SentimentClassifier(model: model)
            let loadTime = ContinuousClock.now - loadStart
            let rows = try readLabelledCSV(file, labels: task.labels)
            guard !rows.isEmpty else { throw CLIError(message: "\(file): no rows to evaluate", exitCode: .dataError) }
            let detector = RiskDetector(settings: configuration.classifier.risk)
            var metrics = ClassificationMetrics(labels: task.labels)
            let progress = Progress()
            let showProgress = rows.count >= 5_000
            let start = ContinuousClock.now
            var busy = Duration.zero
            for (number, row) in rows.enumerated() {
                let itemStart = ContinuousClock.now
                let prediction: String
                switch task {
                case .sentiment:
                    prediction = classifier.label(row.text).rawValue
                case .ade:
                    prediction = detector.assess(SocialText(row.text)).has(.adverseEvent) ? "ade" : "no_ade"
                }
                busy += ContinuousClock.now - itemStart
                metrics.record(truth: row.label, prediction: prediction)
                if showProgress, number % 2_000 == 1_999 {
                    progress.update("classified \(number + 1)/\(rows.count) (\(Int(Double(number + 1) / max(1e-9, (ContinuousClock.now - start).seconds))) texts/s)")
                }
            }
            if showProgress { progress.finish() }
            let report = EvaluationReport(task: task, metrics: metrics, textsPerSecond: Double(rows.count) / max(1e-9, busy.seconds))
            if json {
                print(report.json)
            } else {
                print("\(file) — task \(task.rawValue), model \(model.metadata.version) (loaded in \(Int(loadTime.seconds * 1000)) ms)")
                print(report.text)
            }
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
