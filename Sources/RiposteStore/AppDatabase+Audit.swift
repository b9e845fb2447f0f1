import Foundation
import GRDB
import RiposteCore

extension AppDatabase: AuditLog {
    public func record(_ entry: AuditEntry) async throws {
        try await writer.write { db in try AuditRows.insert(entry, in: db) }
    }

    public func auditEntries(limit: Int) async throws -> [AuditEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                AuditEntry(
                    at: $0["at"], actor: $0["actor"], action: $0["action"], subjectType: $0["subject_type"],
                    subjectID: $0["subject_id"], details: $0["details"])
            }
        }
    }
}

/// The SQL of the `audit_log` table.
enum AuditRows {
    static func insert(_ entry: AuditEntry, in db: Database) throws {
        try db.execute(
            sql: "INSERT INTO audit_log (at, actor, action, subject_type, subject_id, details) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [entry.at, entry.actor, entry.action, entry.subjectType, entry.subjectID, entry.details])
    }

    /// A flat JSON object from string pairs.
    static func json(_ fields: [String: String]) -> String? {
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A filter over the audit log; entries come oldest first, after `afterID`.
public struct AuditQuery: Sendable, Equatable {
    public var since: Date?
    public var until: Date?
    /// An action (`approval.approve`) or a prefix ending in `.` (`approval.`).
    public var action: String?
    public var actor: String?
    public var subjectType: String?
    public var subjectID: String?
    public var afterID: Int64?
    public var limit = 100

    public init() {}
}

extension AppDatabase {
    /// Audit entries matching a query, oldest first, with their ids (the cursor).
    public func auditEntries(matching query: AuditQuery) async throws -> [(id: Int64, entry: AuditEntry)] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let since = query.since { conditions.append("at >= ?"); arguments += [SQLiteDate.format(since)] }
        if let until = query.until { conditions.append("at < ?"); arguments += [SQLiteDate.format(until)] }
        if let action = query.action {
            if action.hasSuffix(".") {
                conditions.append("substr(action, 1, ?) = ?"); arguments += [action.count, action]
            } else {
                conditions.append("action = ?"); arguments += [action]
            }
        }
        if let actor = query.actor { conditions.append("actor = ?"); arguments += [actor] }
        if let subjectType = query.subjectType { conditions.append("subject_type = ?"); arguments += [subjectType] }
        if let subjectID = query.subjectID { conditions.append("subject_id = ?"); arguments += [subjectID] }
        if let afterID = query.afterID { conditions.append("id > ?"); arguments += [afterID] }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [query.limit]
        let bound = arguments
        return try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log \(filter) ORDER BY id LIMIT ?", arguments: bound).map {
                (
                    $0["id"],
                    AuditEntry(at: $0["at"], actor: $0["actor"], action: $0["action"], subjectType: $0["subject_type"], subjectID: $0["subject_id"], details: $0["details"])
                )
            }
        }
    }
}
