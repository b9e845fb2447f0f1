/// The kinds of risk a mention can carry.
public enum RiskFlagKind: String, Sendable, Codable, CaseIterable {
    /// Describes a suspected side effect of a medicine (see ``AdverseEventAssessment``).
    case adverseEvent = "adverse_event"
    /// A journalist, healthcare professional, celebrity, competitor or otherwise far-reaching author.
    case influentialAuthor = "influential_author"
    /// Threatens legal action.
    case legalThreat = "legal_threat"
    /// Carries a common misinformation pattern.
    case misinformationCue = "misinformation_cue"
    /// A medical emergency, self-harm or a product safety problem: someone must look now.
    case urgent
    /// Swearing.
    case profanity
    /// Insults or threats aimed at someone.
    case harassment
    /// Not raised on a mention: the flag of a spike alert (unsupportive volume well above its
    /// baseline), so routes can match spikes with `flag: spike`.
    case spike
}

/// One raised flag, with the words that raised it.
public struct RiskFlag: Sendable, Equatable, Codable {
    /// What it is.
    public var kind: RiskFlagKind
    /// The phrases found.
    public var evidence: [String]
    /// A refinement: for `urgent`, `medical_emergency`, `self_harm` or `safety`; for
    /// `adverse_event`, `serious` or `non_serious`; for `influential_author`, the author type.
    public var detail: String?

    /// Creates a flag.
    public init(kind: RiskFlagKind, evidence: [String], detail: String? = nil) {
        self.kind = kind
        self.evidence = evidence
        self.detail = detail
    }
}

/// The four elements of a valid adverse-event report (EU GVP Module VI; ICH E2D) as found in a
/// post, each with its evidence (empty when absent), and whether the event looks serious.
public struct AdverseEventAssessment: Sendable, Equatable, Codable {
    /// Who reports: the post's author when the platform gives a handle, else first-person words.
    public var identifiableReporter: [String]
    /// Who suffered it: the author (`I`, `my`) or someone named by relation (`my son`).
    public var identifiablePatient: [String]
    /// The medicine: a configured product, a drug name, or a word for a medicine.
    public var suspectProduct: [String]
    /// The event itself.
    public var adverseEvent: [String]
    /// Whether the event looks serious (death, hospital, life-threatening, disability…).
    public var serious: Bool
    /// What makes it look serious.
    public var seriousEvidence: [String]

    /// Whether all four elements are present: a valid report, whose regulatory clock runs from receipt.
    public var isComplete: Bool {
        !identifiableReporter.isEmpty && !identifiablePatient.isEmpty && !suspectProduct.isEmpty && !adverseEvent.isEmpty
    }

    /// The names of the elements present.
    public var presentElements: [String] {
        [
            ("identifiable_reporter", identifiableReporter), ("identifiable_patient", identifiablePatient),
            ("suspect_product", suspectProduct), ("adverse_event", adverseEvent),
        ].filter { !$0.1.isEmpty }.map(\.0)
    }
}

/// Who the author is, as far as their profile tells.
public enum AuthorType: String, Sendable, Codable, CaseIterable {
    case journalist
    case healthcareProfessional = "healthcare_professional"
    case patientOrCaregiver = "patient_or_caregiver"
    case celebrityOrHighReach = "celebrity_or_high_reach"
    case competitor
    case regular
}

/// The author's type with the evidence for it.
public struct AuthorAssessment: Sendable, Equatable, Codable {
    /// The type.
    public var type: AuthorType
    /// What showed it (`bio: "health reporter"`, `followers: 250000`).
    public var evidence: [String]
    /// Whether their reach or role makes a reply matter more than usual.
    public var influential: Bool
}

/// How soon a human must look.
public enum Priority: String, Sendable, Codable, CaseIterable, Comparable {
    case p1 = "P1"
    case p2 = "P2"
    case p3 = "P3"
    case p4 = "P4"

    public static func < (lhs: Priority, rhs: Priority) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// Everything the risk detectors found in one mention.
public struct RiskAssessment: Sendable, Equatable, Codable {
    /// The raised flags.
    public var flags: [RiskFlag]
    /// The adverse-event analysis when any element of one is present, else `nil`.
    public var adverseEvent: AdverseEventAssessment?
    /// The author.
    public var author: AuthorAssessment

    /// Whether a flag of this kind is raised.
    public func has(_ kind: RiskFlagKind) -> Bool {
        flags.contains { $0.kind == kind }
    }

    /// The flag of this kind, if raised.
    public func flag(_ kind: RiskFlagKind) -> RiskFlag? {
        flags.first { $0.kind == kind }
    }
}
