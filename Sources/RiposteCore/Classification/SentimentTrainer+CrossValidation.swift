extension SentimentTrainer {
    /// K-fold cross-validation, stratified by domain and label: each fold trains on the other
    /// folds of every domain and is scored per domain.
    /// - Returns: One confusion matrix per domain, summed over the folds.
    public func crossValidate(_ examples: [LabelledText], folds: Int, progress: (String) -> Void = { _ in }) -> [String: ClassificationMetrics] {
        let (prepared, domains) = prepare(examples)
        var generator = SplitMix64(seed: options.seed ^ 0xF01D)
        var foldOf = [Int](repeating: 0, count: prepared.count)
        var byStratum: [Int: [Int]] = [:]
        for (index, item) in prepared.enumerated() { byStratum[item.stratum, default: []].append(index) }
        for stratum in byStratum.keys.sorted() {
            var rows = byStratum[stratum] ?? []
            rows.shuffle(using: &generator)
            for (position, row) in rows.enumerated() { foldOf[row] = position % folds }
        }
        let labels = Sentiment.allCases.map(\.rawValue)
        var results = Dictionary(uniqueKeysWithValues: domains.map { ($0, ClassificationMetrics(labels: labels)) })
        let metadata = SentimentModel.Metadata(version: "cross-validation", trainedOn: [], options: options)
        for fold in 0..<folds {
            let train = prepared.indices.filter { foldOf[$0] != fold }
            let model = fit(prepared, rows: train, domains: domains, metadata: metadata)
            for row in prepared.indices where foldOf[row] == fold {
                let item = prepared[row]
                var logits = model.logits(item.vector, routing: model.routing(item.vector))
                // Scored as shipped: with the classifier's sarcasm rule.
                if item.sarcastic, logits[0] > logits[2] { logits.swapAt(0, 2) }
                let best = logits.indices.max { logits[$0] < logits[$1] } ?? 1
                results[domains[item.domain]]?.record(truth: labels[item.label], prediction: labels[best])
            }
            progress("fold \(fold + 1)/\(folds) done")
        }
        return results
    }
}
