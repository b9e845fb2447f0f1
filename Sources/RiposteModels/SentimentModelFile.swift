import Foundation
import RiposteCore

/// Finds and reads sentiment model files: the one shipped in Riposte's resources, or another
/// named by configuration (`classifier.model`) or on the command line (`--model`).
public enum SentimentModelFile {
    /// The shipped model's file name.
    public static let shippedName = "sentiment.rpsm"

    /// The resource folder SwiftPM copies next to the executable.
    static let bundleName = "riposte_RiposteModels.resources"

    /// Where the shipped model is looked for, in order: the resource folder beside the running
    /// executable (how SwiftPM and the Docker image lay it out), `../share/riposte/` from the
    /// executable, then this source checkout (for `swift run` from another build folder).
    public static var shippedCandidates: [URL] {
        let executableFolder = Bundle.main.bundleURL
        return [
            executableFolder.appendingPathComponent(bundleName).appendingPathComponent(shippedName),
            executableFolder.deletingLastPathComponent().appendingPathComponent("share/riposte").appendingPathComponent(shippedName),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources").appendingPathComponent(shippedName),
        ]
    }

    /// The shipped model, read once per process.
    public static let shipped: Result<SentimentModel, ModelLoadError> = {
        let candidates = shippedCandidates
        guard let url = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0.path) }) else {
            return .failure(ModelLoadError(path: candidates.map(\.path).joined(separator: ", "), message: "the shipped sentiment model is missing (looked in these places)"))
        }
        return Result { try read(path: url.path) }.mapError { $0 as? ModelLoadError ?? ModelLoadError(path: url.path, message: "\($0)") }
    }()

    /// Reads the model at `path`, or the shipped model when `path` is `nil`.
    /// - Throws: ``ModelLoadError`` naming the file.
    public static func load(path: String?) throws -> SentimentModel {
        guard let path else { return try shipped.get() }
        return try read(path: path)
    }

    private static func read(path: String) throws -> SentimentModel {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ModelLoadError(path: path, message: "cannot be read (\(error.localizedDescription))")
        }
        do {
            return try SentimentModel(encoded: [UInt8](data))
        } catch {
            throw ModelLoadError(path: path, message: "\(error)")
        }
    }

    /// Writes a model atomically (a temporary file renamed into place), creating the folder.
    public static func write(_ model: SentimentModel, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(try model.encoded()).write(to: url, options: .atomic)
    }
}

/// A model file that cannot be loaded.
public struct ModelLoadError: Error, Sendable, CustomStringConvertible {
    /// The file (or the places looked in).
    public var path: String
    /// What went wrong.
    public var message: String

    public var description: String { "\(path): \(message)" }
}
