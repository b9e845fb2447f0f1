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
    /// Kept for error messages only: GRDB builds `sql` on every access, which is not cheap.
    private let owner: Statement

    init(_ statement: Statement, in db: Database) throws {
        self.statement = statement.sqliteStatement
        self.connection = db.sqliteConnection
        self.owner = statement
        // sqlite3_reset reports the previous step's error again; that error was already thrown
        // (and the statement reset) where it happened, so it is not this use's failure.
        _ = sqlite3_reset(self.statement)
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

    /// Steps once. Returns the first column as text when the statement produced a row. The
    /// statement is reset afterwards either way, so it holds no read snapshot and no error.
    @discardableResult
    func step() throws -> String? {
        let code = sqlite3_step(statement)
        defer { sqlite3_reset(statement) }
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
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: owner.sql)
    }
}

/// GRDB's storage format for dates: `YYYY-MM-DD HH:MM:SS.SSS`, UTC (formatted with integer
/// arithmetic: this runs several times per ingested mention).
enum SQLiteDate {
    static func format(_ date: Date) -> String {
        // Nearest millisecond, like RFC3339.format; callers only pass dates within years 0001–9999.
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let millis = Int(milliseconds - seconds * 1000)
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        seconds -= days * 86_400
        // Howard Hinnant's civil_from_days.
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        let time = Int(seconds)
        return String(unsafeUninitializedCapacity: 23) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(48 + value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            buffer[4] = 45
            put(month, 2, at: 5)
            buffer[7] = 45
            put(day, 2, at: 8)
            buffer[10] = 32
            put(time / 3600, 2, at: 11)
            buffer[13] = 58
            put(time / 60 % 60, 2, at: 14)
            buffer[16] = 58
            put(time % 60, 2, at: 17)
            buffer[19] = 46
            put(millis, 3, at: 20)
            return 23
        }
    }
}
