import ArgumentParser
import Foundation
import RiposteCore
import RiposteStore
import Testing

@testable import riposte

/// The command names and options the README, the Makefile and the Dockerfile rely on.
@Suite struct CommandLineTests {
    @Test(arguments: [
        (["serve"], "serve"),
        (["serve", "--config", "riposte.yml", "--host", "0.0.0.0", "--port", "9000"], "serve"),
        (["migrate", "--config", "riposte.yml", "--database", "x.sqlite"], "migrate"),
        (["config", "check", "--config", "riposte.yml"], "check"),
        (["healthcheck", "--url", "http://127.0.0.1:8080/healthz"], "healthcheck"),
        (["outbox", "list", "--status", "dead"], "list"),
        (["outbox", "retry", "3", "4"], "retry"),
        (["outbox", "purge", "--older-than-days", "7"], "purge"),
        (["routes", "test", "some text", "--author-followers", "50000"], "test"),
        (["templates", "lint"], "lint"),
        (["suggest", "hello", "--platform", "x"], "suggest"),
        (["audit", "export", "--format", "csv", "--output", "audit.csv"], "export"),
    ])
    func parses(_ arguments: [String], _ expected: String) throws {
        let command = try Riposte.parseAsRoot(arguments)
        #expect(type(of: command).configuration.commandName == expected)
    }

    @Test func refusesABadPort() {
        #expect(throws: (any Error).self) { try Riposte.parseAsRoot(["serve", "--port", "70000"]) }
    }

    @Test func migrateCreatesTheDatabase() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("riposte-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nested/riposte.sqlite").path
        let command = try #require(try Riposte.parseAsRoot(["migrate", "--database", path]) as? MigrateCommand)
        try await command.run()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func auditExportWritesQuotedCSVOldestFirst() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("riposte-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("riposte.sqlite").path
        let store = try AppDatabase(path: path)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for index in 0..<1_205 {
            try await store.record(AuditEntry(
                at: start.addingTimeInterval(Double(index)), actor: index == 0 ? "Claire Martin" : "timer", action: index == 0 ? "approval.edit" : "escalation.held",
                subjectType: "escalation", subjectID: "e\(index)", details: index == 0 ? #"{"diff":"- We are sorry.\n+ =We hear you, truly."}"# : nil))
        }
        let output = folder.appendingPathComponent("audit.csv").path
        let command = try #require(try Riposte.parseAsRoot(["audit", "export", "--database", path, "--output", output]) as? AuditCommand.Export)
        try await command.run()
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "id,at,actor,action,subject_type,subject_id,details")
        let expectedLines = 1_207  // header + 1,205 entries + the empty piece after the final newline
        #expect(lines.count == expectedLines, "every entry across pages")
        #expect(lines[1].hasPrefix("1,2027-01-15T08:00:00Z,Claire Martin,approval.edit,escalation,e0,\"{\"\"diff\"\""))
        #expect(AuditCommand.Export.csvField("=HYPERLINK(1)") == "'=HYPERLINK(1)", "no formula injection")
        #expect(AuditCommand.Export.csvField("a,b") == "\"a,b\"")
        #expect(AuditCommand.Export.csvField("line\nbreak") == "\"line\nbreak\"")
        let filtered = try #require(try Riposte.parseAsRoot(["audit", "export", "--database", path, "--format", "jsonl", "--action", "approval.", "--output", output]) as? AuditCommand.Export)
        try await filtered.run()
        #expect(try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").count == 1)
    }

    @Test func seedWritesClassifiedThreadedMentions() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("riposte-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("riposte.sqlite").path
        let command = try #require(try Riposte.parseAsRoot(["seed", "--database", path, "--mentions", "1000", "--days", "2"]) as? SeedCommand)
        try await command.run()
        let store = try AppDatabase(path: path)
        #expect(try await store.mentionCount() == 1_000)
        #expect(try await store.threads(state: "open", limit: 1_000).count == 250, "four mentions to a thread")
        var query = MentionQuery()
        query.classification = .unsupportive
        query.limit = 1_000
        let unsupportive = try await store.mentions(matching: query).mentions
        #expect(!unsupportive.isEmpty && unsupportive.count < 1_000)
        #expect(unsupportive.allSatisfy { $0.classification?.sentiment.label == .unsupportive })
        #expect(zip(unsupportive, unsupportive.dropFirst()).allSatisfy { $0.id > $1.id }, "newest first")
    }

    @Test func configErrorsExitWithEXCONFIG() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("riposte-cli-\(UUID().uuidString).yml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "server:\n  prot: 80\n".write(to: file, atomically: true, encoding: .utf8)
        let command = try #require(try Riposte.parseAsRoot(["config", "check", "--config", file.path]) as? ConfigCommand.Check)
        await #expect {
            try await command.run()
        } throws: { error in
            (error as? ExitCode) == ExitCode(78)
        }
    }
}

/// `classify`, `eval` and `train` on small files written by the tests (never ../shared).
@Suite struct ClassifierCommandTests {
    func temporaryFile(_ name: String, _ contents: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("riposte-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try contents.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Runs the built `riposte` executable and returns its exit status, standard output and standard error.
    func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let executable = Bundle.main.bundleURL.appendingPathComponent("riposte")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    @Test func evalPrintsTheContractsJSON() throws {
        let file = try temporaryFile("tiny.csv", """
            id,text,label,extra
            1,"Worst airline ever, lost my bag and nobody cares",unsupportive,
            2,"Thank you so much, wonderful crew!",supportive,
            3,"Flight 12 departs at 10:30 from gate B4",neutral,
            """)
        let result = try run(["eval", file.path, "--json"])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["n", "accuracy", "macro_f1", "unsupportive", "texts_per_second"])
        #expect(object["n"] as? Int == 3)
        #expect((object["unsupportive"] as? [String: Any])?.keys.sorted() == ["f1", "precision", "recall"])
    }

    @Test func evalOfTheADETaskScoresTheFlag() throws {
        let file = try temporaryFile("ade.csv", "id,text,label\n1,\"Since starting the new pills I get awful headaches\",ade\n2,\"Lovely weather today\",no_ade\n")
        let result = try run(["eval", file.path, "--task", "ade", "--json"])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["ade"] != nil)
        #expect(object["accuracy"] as? Double == 1)
    }

    /// Our own social posts, where recall matters most: the 40 of `adverse_events.csv`, and the 62
    /// of the 2026-12-06 review (`adverse_events_review.csv`: slang, no apostrophes, third persons,
    /// deaths, sarcasm, hard negatives), of whose reports the rules found 27 % before the review.
    @Test(arguments: [("adverse_events.csv", 0.9, 0.8), ("adverse_events_review.csv", 0.8, 0.75)])
    func adverseEventRecallOnOurSocialSamples(file: String, recall: Double, precision: Double) throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("conversations/samples").appendingPathComponent(file)
        let result = try run(["eval", samples.path, "--task", "ade", "--json"])
        #expect(result.status == 0, "\(result.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let ade = try #require(object["ade"] as? [String: Double])
        #expect((ade["recall"] ?? 0) >= recall, "\(file)")
        #expect((ade["precision"] ?? 0) >= precision, "\(file)")
    }

    @Test func aBadCSVNamesTheFileAndLine() throws {
        let file = try temporaryFile("bad.csv", "id,text,label\n1,fine,neutral\n2,\"oops\",angry\n")
        let result = try run(["eval", file.path])
        #expect(result.status == 65)
        #expect(result.error.contains("bad.csv:3: unknown label `angry`"), "\(result.error)")
    }

    @Test func evalShowsAConfusionMatrix() throws {
        let file = try temporaryFile("tiny.csv", "id,text,label\n1,\"I hate this\",unsupportive\n")
        let result = try run(["eval", file.path])
        #expect(result.status == 0)
        #expect(result.output.contains("truth \\ predicted"))
        #expect(result.output.contains("macro-F1"))
    }

    @Test func classifyExplainsInTextAndJSON() throws {
        let text = try run(["classify", "My mother was hospitalized after taking Cardiolix, she couldn't breathe"])
        #expect(text.status == 0, "\(text.error)")
        #expect(text.output.contains("priority: P1"))
        #expect(text.output.contains("adverse_event (serious)"))
        let json = try run(["classify", "Merci, super équipe !", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let sentiment = try #require(object["sentiment"] as? [String: Any])
        #expect(sentiment["label"] as? String == "supportive")
        #expect(sentiment["language"] as? String == "fr")
        #expect(object["priority"] as? String == "P4")
    }

    @Test func trainWritesAModelThatEvalLoads() throws {
        var rows = ["id,text,label"]
        for index in 0..<30 {
            rows.append("p\(index),\"great service, love it \(index)\",supportive")
            rows.append("n\(index),\"terrible delay, awful \(index)\",unsupportive")
            rows.append("u\(index),\"gate B\(index) at ten\",neutral")
        }
        let data = try temporaryFile("toy.csv", rows.joined(separator: "\n"))
        let lexicon = try temporaryFile("lexicon.tsv", "en\tgreat\t3.1\nen\tterrible\t-2.1\n")
        let model = data.deletingLastPathComponent().appendingPathComponent("toy.rpsm")
        let trained = try run(["train", "--data", data.path, "--lexicon", lexicon.path, "--out", model.path, "--epochs", "5"])
        #expect(trained.status == 0, "\(trained.error)")
        #expect(trained.output.contains("wrote \(model.path)"))
        let scored = try run(["eval", data.path, "--model", model.path, "--json"])
        #expect(scored.status == 0, "\(scored.error)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(scored.output.utf8)) as? [String: Any])
        #expect((object["accuracy"] as? Double ?? 0) > 0.9)
        // Another process, same inputs: the same bytes (no per-process hash seed leaks in).
        let again = data.deletingLastPathComponent().appendingPathComponent("again.rpsm")
        let retrained = try run(["train", "--data", data.path, "--lexicon", lexicon.path, "--out", again.path, "--epochs", "5"])
        #expect(retrained.status == 0)
        #expect(try Data(contentsOf: model) == Data(contentsOf: again))
    }
}

/// `riposte replay` over the shipped sample stream: a new user's first look.
@Suite struct ReplayCommandTests {
    @Test func replaysTheSampleStream() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = Bundle.main.bundleURL.appendingPathComponent("riposte")
        process.arguments = ["replay", root.appendingPathComponent("conversations/samples/mentions.jsonl").path]
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("12 mentions:"))
        #expect(text.contains("reply [ae.acknowledgement]"))
        #expect(text.contains("adverse_event"))
        #expect(text.contains("alerts that would be sent:"))
    }
}
