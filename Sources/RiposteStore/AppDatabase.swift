import Foundation
import GRDB
import RiposteCore

/// Riposte's SQLite database: one writer (a WAL `DatabasePool` in the server), named append-only
/// migrations, and intention-revealing methods for everything the rest of Riposte stores.
public struct AppDatabase: Sendable {
    /// The GRDB connection (pool in production, queue in some tests).
    let writer: any DatabaseWriter
    /// Batches concurrent ingests into shared transactions.
    let committer: GroupCommitter

    /// Opens (creating if needed) the database file and migrates it to the current schema.
    /// - Parameters:
    ///   - path: The file's path; missing parent folders are created.
    ///   - synchronous: `full` (fsync at every commit) or `normal` (fsync at checkpoints).
    ///   - busyTimeout: How long to wait for a lock, in seconds.
    /// - Throws: `StoreError` when the file cannot be opened or migrated.
    public init(path: String, synchronous: RiposteConfiguration.SynchronousMode = .full, busyTimeout: Double = 5) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw StoreError(.cannotOpen, "cannot create the folder for \(path): \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        let pragma = synchronous == .full ? "FULL" : "NORMAL"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(pragma); PRAGMA cache_size = -16384")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB switches the pool's writer to NORMAL when it enables WAL, after
            // `prepareDatabase` ran: set the chosen mode again on the one connection that commits.
            // The writer gets the larger page cache (64 MiB; readers 16 MiB each), and after a
            // burst the WAL file is cut back to 64 MiB when it restarts.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(pragma); PRAGMA cache_size = -65536; PRAGMA journal_size_limit = 67108864")
            }
        } catch {
            throw StoreError(.cannotOpen, "cannot open the database \(path): \(error)")
        }
        try self.init(writer: pool)
    }

    /// Wraps an open connection and migrates it.
    /// - Throws: `StoreError` when migrating fails.
    public init(writer: any DatabaseWriter) throws {
        do {
            try Self.migrator.migrate(writer)
        } catch {
            throw StoreError(.migrationFailed, "cannot migrate the database: \(error)")
        }
        self.writer = writer
        self.committer = GroupCommitter(writer: writer)
    }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await writer.read { db in try Self.migrator.appliedMigrations(db) }
    }

    /// The database's journal mode and the synchronous setting of the connection that commits
    /// (read on the writer: a reader's setting says nothing about commits).
    public func durabilitySettings() async throws -> (journalMode: String, synchronous: Int) {
        try await writer.writeWithoutTransaction { db in
            let journal = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "unknown"
            let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            return (journal, synchronous)
        }
    }
}

/// A storage failure.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public enum Code: String, Sendable {
        case cannotOpen = "cannot_open"
        case migrationFailed = "migration_failed"
    }

    /// What failed.
    public var code: Code
    /// A sentence for the operator.
    public var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
