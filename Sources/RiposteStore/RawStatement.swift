import Foundation
import GRDB
import GRDBSQLite
import RiposteCore

/// Binds and steps a GRDB-prepared statement through SQLite's C API.
///
/// Only for the ingest hot path: GRDB's `StatementArguments` box every value in an existential,
/// which costs more than the insert itself. The statement still comes from GRDB's statement
/// cache and runs inside GRDB's transaction; this type only replaces argument binding.
/// Dates are bound in GRDB's own storage format, so GRDB reads them back as usual.
struct RawStatement {
    private let statement: OpaquePointer
    private let connection: OpaquePointer?
    private let sql: String

    init(_ statement: Statement, in db: Database) throws {
        self.statement = statement.sqliteStatement
        self.connection = db.sqliteConnection
        self.sql = statement.sql
        let code = sqlite3_reset(self.statement)
        guard code == SQLITE_OK else { throw error(code) }
        sqlite3_clear_bindings(self.statement)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ position: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(statement, position)
            return
        }
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress {
                _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(statement, position, $0, Int32(bytes.count), Self.transient)
                }
            } else {
                _ = sqlite3_bind_text(statement, position, "", 0, Self.transient)
            }
        }
    }

    func bind(_ position: Int32, _ value: Int?) {
        guard let value else {
            sqlite3_bind_null(statement, position)
            return
        }
        sqlite3_bind_int64(statement, position, Int64(value))
    }

    func bind(_ position: Int32, _ value: Bool?) {
        bind(position, value.map { $0 ? 1 : 0 })
    }

    func bind(_ position: Int32, _ value: Int64?) {
        guard let value else {
            sqlite3_bind_null(statement, position)
            return
        }
        sqlite3_bind_int64(statement, position, value)
    }

    func bind(_ position: Int32, _ date: Date?) {
        bind(position, date.map(SQLiteDate.format))
    }

    func bind(_ position: Int32, blob: [UInt8]) {
        blob.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(statement, position, bytes.baseAddress ?? UnsafeRawPointer(statement), Int32(bytes.count), Self.transient)
        }
    }

    /// Steps once. Returns the first column as text when the statement produced a row.
    @discardableResult
    func step() throws -> String? {
        let code = sqlite3_step(statement)
        switch code {
        case SQLITE_DONE:
            return nil
        case SQLITE_ROW:
            guard let text = sqlite3_column_text(statement, 0) else { return nil }
            return String(cString: text)
        default:
            throw error(code)
        }
    }

    private func error(_ code: Int32) -> DatabaseError {
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
}

/// GRDB's storage format for dates: `YYYY-MM-DD HH:MM:SS.SSS`, UTC.
enum SQLiteDate {
    static func format(_ date: Date) -> String {
        // RFC3339.format gives 2026-11-21T10:00:00Z or …T10:00:00.250Z.
        var text = RFC3339.format(date)
        text.removeLast()  // Z
        if !text.contains(".") { text += ".000" }
        return String(text.prefix(10)) + " " + String(text.dropFirst(11))
    }
}
