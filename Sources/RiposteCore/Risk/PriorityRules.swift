/// Derives a mention's priority from its sentiment, flags and author, first matching rule wins.
///
/// | rule | priority |
/// |---|---|
/// | `urgent` (medical emergency, self-harm, safety) | P1 |
/// | serious `adverse_event` | P1 |
/// | `adverse_event` | P2 |
/// | `legal_threat` | P2 |
/// | unsupportive from an influential author | P2 |
/// | `misinformation_cue` from an influential author | P2 |
/// | `harassment` | P3 |
/// | unsupportive | P3 |
/// | `misinformation_cue` | P3 |
/// | influential author | P3 |
/// | anything else | P4 |
public enum PriorityRules {
    /// The priority and the rule that produced it.
    public static func decide(sentiment: Sentiment, risk: RiskAssessment) -> (priority: Priority, rule: String) {
        if let urgent = risk.flag(.urgent) {
            return (.p1, "urgent (\(urgent.detail ?? "unspecified")): someone must look now")
        }
        if let event = risk.flag(.adverseEvent) {
            return event.detail == "serious"
                ? (.p1, "serious adverse event: pharmacovigilance clock running (15 days)")
                : (.p2, "adverse event: pharmacovigilance must review")
        }
        if risk.has(.legalThreat) { return (.p2, "legal threat: legal must review") }
        let influential = risk.author.influential
        if influential, sentiment == .unsupportive {
            return (.p2, "unsupportive mention by an influential author (\(risk.author.type.rawValue))")
        }
        if influential, risk.has(.misinformationCue) {
            return (.p2, "misinformation cue from an influential author (\(risk.author.type.rawValue))")
        }
        if risk.has(.harassment) { return (.p3, "harassment: do not engage without review") }
        if sentiment == .unsupportive { return (.p3, "unsupportive mention") }
        if risk.has(.misinformationCue) { return (.p3, "misinformation cue") }
        if influential { return (.p3, "influential author (\(risk.author.type.rawValue))") }
        return (.p4, "no risk found")
    }
}
