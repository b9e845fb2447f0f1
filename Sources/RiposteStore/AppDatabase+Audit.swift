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
