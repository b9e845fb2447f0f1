import Crypto
import Foundation
import Hummingbird
import RiposteCore

/// PBKDF2-HMAC-SHA256 password hashes: `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>`.
public enum PasswordHash {
    /// A new hash of `password` (OWASP's 600,000 iterations by default).
    public static func make(_ password: String, iterations: Int = 600_000) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hash = derive(Array(password.utf8), salt: salt, iterations: iterations)
        return "pbkdf2-sha256$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Whether `password` matches an encoded hash (compared in constant time).
    public static func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$").map(String.init)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let iterations = Int(parts[1]), (1...10_000_000).contains(iterations),
            let salt = Data(base64Encoded: parts[2]), let expected = Data(base64Encoded: parts[3])
        else { return false }
        return ConstantTime.equal(derive(Array(password.utf8), salt: [UInt8](salt), iterations: iterations, length: expected.count), [UInt8](expected))
    }

    /// RFC 8018 PBKDF2 with HMAC-SHA256.
    static func derive(_ password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 32) -> [UInt8] {
        let key = SymmetricKey(data: password)
        var output: [UInt8] = []
        var block: UInt32 = 1
        while output.count < length {
            var u = Array(HMAC<SHA256>.authenticationCode(for: salt + withUnsafeBytes(of: block.bigEndian, Array.init), using: key))
            var t = u
            if iterations > 1 {
                for _ in 1..<iterations {
                    u = Array(HMAC<SHA256>.authenticationCode(for: u, using: key))
                    for index in t.indices { t[index] ^= u[index] }
                }
            }
            output += t
            block += 1
        }
        return Array(output.prefix(length))
    }
}

/// Dashboard sessions and CSRF: a signed session cookie (`user|expiry`), a CSRF value derived from
/// it for every form, users with hashed passwords, or a bearer token.
struct DashboardAuth: Sendable {
    static let cookie = "riposte_session"
    let users: [RiposteConfiguration.DashboardUser]
    let tokens: [[UInt8]]
    let lifetime: Double
    let secure: Bool
    private let key: SymmetricKey

    init(settings: RiposteConfiguration.Dashboard, secure: Bool) {
        users = settings.users
        tokens = settings.tokens.map { Array($0.utf8) }
        lifetime = settings.sessionLifetime
        self.secure = secure
        if let secret = settings.sessionSecret {
            key = SymmetricKey(data: SHA256.hash(data: Array("riposte-dashboard:\(secret)".utf8)))
        } else {
            key = SymmetricKey(size: .bits256)  // sessions end with the process
        }
    }

    /// Who is signed in: the session cookie's user, or `token` for a valid bearer token.
    func user(_ request: Request, now: Date) -> (name: String, session: String?)? {
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            let presented = Array(header.dropFirst(7).utf8)
            var matched = false
            for token in tokens { matched = ConstantTime.equal(token, presented) || matched }
            return matched ? ("token", nil) : nil
        }
        guard let session = ApprovalsController<BasicRequestContext>.cookies(request.headers[.cookie] ?? "")[Self.cookie] else { return nil }
        let parts = session.split(separator: ".")
        guard parts.count == 2, let payload = ApprovalTokens.decode(parts[0]), let mac = ApprovalTokens.decode(parts[1]),
            HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key)
        else { return nil }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: "|").map(String.init)
        guard fields.count == 2, let expiry = Double(fields[1]), expiry > now.timeIntervalSince1970, users.contains(where: { $0.name == fields[0] }) else { return nil }
        return (fields[0], session)
    }

    /// Checks a password; `nil` when wrong (the same time whether or not the user exists).
    func signIn(name: String, password: String, now: Date) -> String? {
        let user = users.first { $0.name == name }
        // An unknown name is checked against another user's hash, so timing does not tell names apart.
        let matches = PasswordHash.verify(password, against: user?.passwordHash ?? users.first?.passwordHash ?? "")
        guard let user, matches else { return nil }
        let payload = Array("\(user.name)|\(Int64(now.timeIntervalSince1970 + lifetime))".utf8)
        return ApprovalTokens.base64URL(payload) + "." + ApprovalTokens.base64URL(Array(HMAC<SHA256>.authenticationCode(for: payload, using: key)))
    }

    /// The CSRF value of a session (bearer-token requests need none: nothing sends them by itself).
    func csrf(for session: String?) -> String {
        guard let session else { return "" }
        return HMAC<SHA256>.authenticationCode(for: Array("csrf|\(session)".utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    func validCSRF(_ value: String?, session: String?) -> Bool {
        guard let session else { return true }
        guard let value else { return false }
        return ConstantTime.equal(Array(value.utf8), Array(csrf(for: session).utf8))
    }

    func sessionCookie(_ value: String) -> String {
        "\(Self.cookie)=\(value); Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=\(Int(lifetime))\(secure ? "; Secure" : "")"
    }

    var clearedCookie: String { "\(Self.cookie)=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0" }
}

/// Sign-in attempts: hashed one at a time on a queue of their own (PBKDF2 must not occupy the
/// cooperative threads the pipeline and delivery run on), at most `maxWaiting` queued, and a name
/// locked for `lockout` after `maxFailures` wrong passwords in a row.
actor SignInGate {
    private var failures: [String: (count: Int, lockedUntil: Date?)] = [:]
    private var waiting = 0
    private let queue = DispatchQueue(label: "riposte.dashboard.sign-in")
    let maxFailures = 5
    let lockout: Double = 300
    let maxWaiting = 8

    enum Verdict: Sendable {
        case session(String)
        case wrong
        case locked
        case busy
    }

    func signIn(_ auth: DashboardAuth, name: String, password: String, now: Date) async -> Verdict {
        let key = name.lowercased()
        if let until = failures[key]?.lockedUntil, until > now { return .locked }
        guard waiting < maxWaiting else { return .busy }
        waiting += 1
        let session = await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
            queue.async { continuation.resume(returning: auth.signIn(name: name, password: password, now: now)) }
        }
        waiting -= 1
        guard let session else {
            var entry = failures[key] ?? (0, nil)
            entry.count += 1
            if entry.count >= maxFailures { entry = (0, now.addingTimeInterval(lockout)) }
            failures[key] = entry
            if failures.count > 10_000 { failures = failures.filter { $0.value.lockedUntil.map { $0 > now } ?? false } }
            return .wrong
        }
        failures[key] = nil
        return .session(session)
    }
}
