import Foundation
import RiposteCore

/// Reads the reply template library and the jargon list from disk.
public enum TemplateFiles {
    /// The folders tried for a relative path: the working directory, `../share/riposte/` beside
    /// the executable (the Docker image), then this source checkout.
    static func candidates(_ path: String) -> [URL] {
        if path.hasPrefix("/") { return [URL(fileURLWithPath: path)] }
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("share/riposte").appendingPathComponent(path),
            checkout.appendingPathComponent(path),
        ]
    }

    /// The first existing location of `path`.
    public static func locate(_ path: String) -> URL? {
        candidates(path).first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Reads every `*.yml` file of the folder into a library (problems are in its `issues`).
    /// - Throws: ``TemplateFilesError`` when the folder is missing or unreadable.
    public static func library(folder path: String) throws -> TemplateLibrary {
        guard let folder = locate(path) else {
            throw TemplateFilesError(path: path, message: "no such folder (looked in \(candidates(path).map(\.path).joined(separator: ", ")))")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
        } catch {
            throw TemplateFilesError(path: folder.path, message: "cannot be listed (\(error.localizedDescription))")
        }
        guard !names.isEmpty else { throw TemplateFilesError(path: folder.path, message: "holds no .yml template files") }
        var files: [(name: String, contents: String)] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            do {
                files.append((relative(url), try String(contentsOf: url, encoding: .utf8)))
            } catch {
                throw TemplateFilesError(path: url.path, message: "cannot be read as UTF-8 text (\(error.localizedDescription))")
            }
        }
        return TemplateLibrary(files: files)
    }

    /// The jargon list at `path`.
    public static func jargon(_ path: String) throws -> [String] {
        guard let url = locate(path) else { throw TemplateFilesError(path: path, message: "no such file") }
        do {
            return TemplateLinter.jargonList(try String(contentsOf: url, encoding: .utf8))
        } catch {
            throw TemplateFilesError(path: url.path, message: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// A path relative to the working directory when it is inside it (shorter messages).
    private static func relative(_ url: URL) -> String {
        let base = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(base) ? String(url.path.dropFirst(base.count)) : url.path
    }
}

/// The template folder or jargon file cannot be read.
public struct TemplateFilesError: Error, Sendable, CustomStringConvertible {
    /// The path.
    public var path: String
    /// What went wrong.
    public var message: String

    public var description: String { "\(path): \(message)" }
}
