import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import RiposteCore

/// The signed-link approval page: server-rendered HTML, plain CSS, no JavaScript.
enum ApprovalPage {
    static func form(_ escalation: Escalation, approver: String, level linkLevel: Int, csrf: String) -> Response {
        let item = escalation.item
        let level = escalation.policy.levels[escalation.level]
        let flags = item.flags.isEmpty ? "" : "<ul class=\"flags\">" + item.flags.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
        let deadline = item.deadline.map { "<p class=\"deadline\">⏱ \(escape($0))</p>" } ?? ""
        let body: String
        if escalation.state != .pending {
            body = "<p class=\"notice\">\(escape(escalation.summary)).</p>"
        } else if escalation.level != linkLevel || !escalation.currentMembers.contains(approver) {
            body = "<p class=\"notice\">\(escape(ApprovalRefusal.staleLevel.message)) \(escape(escalation.summary)).</p>"
        } else {
            body = """
                <form method="post">
                  <input type="hidden" name="csrf" value="\(escape(csrf))">
                  <label for="text">Reply</label>
                  <textarea id="text" name="text" rows="6">\(escape(escalation.currentText))</textarea>
                  <div class="actions">
                    <button type="submit" name="action" value="approve" class="approve">Approve this text</button>
                    <button type="submit" name="action" value="edit">Approve with my edits</button>
                  </div>
                  <label for="reason">Reason (if rejecting)</label>
                  <input id="reason" name="reason" type="text">
                  <div class="actions"><button type="submit" name="action" value="reject" class="reject">Reject</button></div>
                </form>
                """
        }
        return html(
            title: "Approve a reply",
            """
            <h1>Approve a reply</h1>
            <p class="who">As <strong>\(escape(approver))</strong> · level \(escalation.level + 1) of \(escalation.policy.levels.count) · quorum \(level.quorum) · approvers: \(escape(escalation.currentMembers.joined(separator: ", ")))</p>
            <section class="mention">
              <p class="meta">\(escape(item.priority.rawValue)) · \(escape(item.author)) on \(escape(item.source))</p>
              <blockquote>\(escape(item.text))</blockquote>
              <p class="label">\(escape(item.label))</p>
              \(flags)
              \(deadline)
            </section>
            \(body)
            """, status: .ok)
    }

    static func message(_ refusal: ApprovalRefusal, status: HTTPResponse.Status) -> Response {
        notice(refusal.message, status: status)
    }

    static func notice(_ text: String, status: HTTPResponse.Status) -> Response {
        html(title: "Riposte approvals", "<h1>Riposte approvals</h1><p class=\"notice\">\(escape(text))</p>", status: status)
    }

    static func html(title: String, _ content: String, status: HTTPResponse.Status) -> Response {
        let page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>
            body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
            blockquote{margin:0;padding:.75rem 1rem;background:#f4f4f6;border-left:4px solid #888}
            .meta,.label,.who{color:#555;font-size:.9rem}.flags{color:#a30000}.deadline{font-weight:600}
            textarea,input[type=text]{width:100%;box-sizing:border-box;font:inherit;padding:.5rem}
            .actions{margin:.75rem 0;display:flex;gap:.5rem}button{font:inherit;padding:.5rem 1rem;cursor:pointer}
            .approve{background:#0a7d32;color:#fff;border:0}.reject{background:#b00020;color:#fff;border:0}.notice{font-size:1.1rem}
            </style></head><body>\(content)</body></html>
            """
        return Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", HTTPField.Name("X-Frame-Options") ?? .accept: "DENY",
                      HTTPField.Name("Content-Security-Policy") ?? .accept: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"],
            body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// Escapes by Unicode scalar, not by Character: a "prepend" code point (U+0600…) would
    /// otherwise join the `<` after it into one Character that no case matches.
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
