import ArgumentParser
import Foundation
import RiposteCore
import RiposteStore

/// `riposte migrate`: creates or upgrades the database and says which migrations it holds.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema, then exit.",
        discussion: "`serve` migrates on start too; run this to upgrade ahead of a deployment or to check a database file.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Database file (overrides database.path).")
    var database: String?

    func run() async throws {
        try await reportingErrors {
            let configuration = try options.load()
            let path = database ?? configuration.database.path
            let store: AppDatabase
            do {
                store = try AppDatabase(path: path, synchronous: configuration.database.synchronous)
            } catch {
                throw CLIError(message: "\(error)", exitCode: .unavailable)
            }
            let applied = try await store.appliedMigrations()
            try await store.record(AuditEntry(at: Date(), actor: "cli", action: "database.migrated"))
            print("\(path): schema up to date (\(applied.count) migration\(applied.count == 1 ? "" : "s"))")
            for name in applied { print("  \(name)") }
        }
    }
}
