import Foundation

/// What a mention asks of the team, as far as the text and flags tell.
public enum ReplyIntent: String, Sendable, Codable, CaseIterable {
    case praise
    case patientStory = "patient_story"
    case accessComplaint = "access_complaint"
    case serviceFailure = "service_failure"
    case productQuestion = "product_question"
    case offLabelQuestion = "off_label_question"
    case adverseEvent = "adverse_event"
    case misinformation
    case mediaInquiry = "media_inquiry"
    case hcpInquiry = "hcp_inquiry"
    case legalThreat = "legal_threat"
    case crisis
    case selfHarm = "self_harm"
    case hostile
    case neutralMention = "neutral_mention"
}

/// Who signed off a template, and until when it may be used (MLR / compliance review).
public struct TemplateReview: Sendable, Equatable, Codable {
    /// The review reference (`MLR-2026-0142`).
    public var reference: String
    /// The template's version.
    public var version: String
    /// Who approved it.
    public var approvedBy: String
    /// When (`YYYY-MM-DD`).
    public var approvedOn: String
    /// Until when (`YYYY-MM-DD`); after it, the template is never suggested.
    public var expiresOn: String

    /// Creates review metadata.
    public init(reference: String, version: String, approvedBy: String, approvedOn: String, expiresOn: String) {
        self.reference = reference
        self.version = version
        self.approvedBy = approvedBy
        self.approvedOn = approvedOn
        self.expiresOn = expiresOn
    }

    /// Whether the review still holds on `day` (`YYYY-MM-DD`, compared as text).
    public func isValid(on day: String) -> Bool {
        approvedOn <= day && day <= expiresOn
    }
}

/// One variant of a template, with where it is written.
public struct TemplateVariant: Sendable, Equatable {
    /// The Mustache text (`Thanks {{author.first_name}}, …`).
    public var text: String
    /// The 1-based line of the variant in its file.
    public var line: Int?
}

/// A reviewed reply template from `conversations/`.
public struct ReplyTemplate: Sendable, Equatable {
    /// Its id, shared by its translations.
    public var id: String
    /// Its language (`en`, `fr`).
    public var locale: String
    /// The scenario family (the file's `scenario`).
    public var scenario: String
    /// The intents it answers.
    public var intents: [ReplyIntent]
    /// The sentiments it suits; empty means any.
    public var sentiments: [Sentiment]
    /// The flags it is written for: a mention must carry one of them. Empty means it suits
    /// mentions without blocking flags (adverse events and harassment need their own templates).
    public var flags: [RiskFlagKind]
    /// The author types it suits; empty means any.
    public var authorTypes: [AuthorType]
    /// The channels it suits (`x`, `facebook`, `instagram`, `linkedin`, `reddit`, `tiktok`, `youtube`, `web`); empty means any.
    public var channels: [String]
    /// The human variants: different wordings, not synonyms swapped.
    public var variants: [TemplateVariant]
    /// Fallbacks for variables this template uses, overriding the library's.
    public var fallbacks: [String: String]
    /// Whether a human approver must sign the reply off before it is posted.
    public var requiresApproval: Bool
    /// Review metadata; required when `requiresApproval` is false.
    public var review: TemplateReview?
    /// The file and line it is defined at.
    public var file: String
    /// The 1-based line.
    public var line: Int?

    /// The scoped key of one variant: `id/locale#index`.
    public func variantKey(_ index: Int) -> String {
        "\(id)/\(locale)#\(index)"
    }
}
