import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import RiposteCore
import RiposteStore
import Testing

@testable import RiposteServer

/// The dashboard refuses anonymous access and forms without the session's CSRF value; a signed-in
/// responder sees the inbox, a mention with its evidence, and claims its thread.
@Suite struct DashboardTests {
    static let password = "correct horse battery staple"

    func server() throws -> TestServer {
        try TestServer { configuration in
            configuration.dashboard.users = [RiposteConfiguration.DashboardUser(name: "ana", passwordHash: PasswordHash.make(Self.password, iterations: 1_000))]
            configuration.dashboard.sessionSecret = "dashboard-secret"
            configuration.dashboard.tokens = ["kiosk-token"]
            configuration.spikes.enabled = false
        }
    }

    func form(_ fields: [String: String]) -> ByteBuffer {
        ByteBuffer(string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
    }

    /// Signs in and returns the session cookie.
    func signIn(_ client: any TestClientProtocol, password: String = password) async throws -> (status: HTTPResponse.Status, cookie: String?) {
        let page = try await client.execute(uri: "/dashboard/login", method: .get)
        let loginCookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let nonce = String(loginCookie.split(separator: "=")[1])
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers[.cookie] = loginCookie
        let answer = try await client.execute(uri: "/dashboard/login", method: .post, headers: headers, body: form(["csrf": nonce, "user": "ana", "password": password]))
        return (answer.status, answer.headers[.setCookie]?.split(separator: ";").first.map(String.init))
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value="[0-9a-f]+""#, options: .regularExpression) else { return nil }
        return String(html[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
    }

    @Test func anonymousVisitorsAreSentToSignIn() async throws {
        try await server().test { client in
            for path in ["/dashboard", "/dashboard/audit", "/dashboard/outbox", "/dashboard/oncall", "/dashboard/approvals"] {
                let answer = try await client.execute(uri: path, method: .get)
                #expect(answer.status == .seeOther, "\(path)")
                #expect(answer.headers[.location] == "/dashboard/login")
            }
            #expect(try await client.execute(uri: "/dashboard/threads/1/claim", method: .post).status == .unauthorized)
            var forged: HTTPFields = [:]
            forged[.cookie] = "riposte_session=YW5hfDk5OTk5OTk5OTk.AAAA"
            #expect(try await client.execute(uri: "/dashboard", method: .get, headers: forged).status == .seeOther, "a forged session is no session")
            let wrong = try await signIn(client, password: "guess")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.cookie == nil)
            // The sign-in form itself needs its CSRF cookie.
            let bare = try await client.execute(
                uri: "/dashboard/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: form(["user": "ana", "password": Self.password]))
            #expect(bare.status == .forbidden)
            var kiosk: HTTPFields = [:]
            kiosk[.authorization] = "Bearer kiosk-token"
            #expect(try await client.execute(uri: "/dashboard", method: .get, headers: kiosk).status == .ok, "a bearer token opens it too")
        }
    }

    @Test func repeatedWrongPasswordsLockTheNameForAWhile() async throws {
        try await server().test { client in
            for _ in 0..<5 {
                let wrong = try await signIn(client, password: "guess")
                #expect(wrong.status == .unauthorized)
            }
            let locked = try await signIn(client)
            #expect(locked.status == .tooManyRequests, "locked, even with the right password")
        }
    }

    @Test func aResponderSignsInOpensAMentionAndClaimsItsThread() async throws {
        let server = try server()
        try await server.test { client in
            try await client.ingest(#"{"id":"d1","source":"x","text":"Started Cardiolix last week and now I get awful headaches every afternoon","author":{"handle":"jo"}}"#)
            #expect(try await eventually { () async throws -> Bool in try await server.database.threads(state: "open", limit: 5).count == 1 })
            let (status, cookie) = try await signIn(client)
            #expect(status == .seeOther)
            let session = try #require(cookie)
            #expect(session.hasPrefix("riposte_session="))
            var headers: HTTPFields = [:]
            headers[.cookie] = session
            let inbox = try await client.execute(uri: "/dashboard?classification=unsupportive", method: .get, headers: headers)
            #expect(inbox.status == .ok)
            let inboxHTML = String(buffer: inbox.body)
            #expect(inboxHTML.contains("awful headaches") && inboxHTML.contains("adverse_event") && inboxHTML.contains("<svg"))
            let link = try #require(inboxHTML.range(of: #"/dashboard/mentions/[0-9A-Z]{26}"#, options: .regularExpression).map { String(inboxHTML[$0]) })
            let detail = try await client.execute(uri: link, method: .get, headers: headers)
            let detailHTML = String(buffer: detail.body)
            #expect(detailHTML.contains("Evidence") && detailHTML.contains("Adverse-event clock") && detailHTML.contains("Suggested replies"))
            let thread = try #require(try await server.database.threads(state: "open", limit: 5).first)
            // Without the CSRF value: refused and audited.
            var post = headers
            post[.contentType] = "application/x-www-form-urlencoded"
            let refused = try await client.execute(uri: "/dashboard/threads/\(thread.id)/claim", method: .post, headers: post, body: form(["back": link]))
            #expect(refused.status == .forbidden)
            #expect(try await server.database.auditEntries(limit: 50).contains { $0.action == "dashboard.csrf_refused" })
            // With it: claimed, and the page says so.
            let csrf = try #require(Self.csrf(in: detailHTML))
            let claimed = try await client.execute(uri: "/dashboard/threads/\(thread.id)/claim", method: .post, headers: post, body: form(["csrf": csrf, "back": link]))
            #expect(claimed.status == .seeOther)
            #expect(try await server.database.thread(id: thread.id)?.owner == "ana")
            let after = try await client.execute(uri: try #require(claimed.headers[.location]), method: .get, headers: headers)
            #expect(String(buffer: after.body).contains(#"<strong id="thread-owner">ana</strong>"#))
            for path in ["/dashboard/audit", "/dashboard/outbox", "/dashboard/oncall", "/dashboard/approvals"] {
                #expect(try await client.execute(uri: path, method: .get, headers: headers).status == .ok, "\(path)")
            }
        }
    }
}
