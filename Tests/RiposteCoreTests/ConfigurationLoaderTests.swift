import Testing

@testable import RiposteCore

@Suite struct ConfigurationLoaderTests {
    let loader = ConfigurationLoader(environment: ["SLACK_URL": "https://hooks.slack.com/services/T/B/x", "SECRET": "whsec_c2VjcmV0", "EMPTY": ""])

    func load(_ yaml: String) throws -> RiposteConfiguration {
        try loader.load(yaml: yaml, file: "riposte.yml")
    }

    @Test func emptyFileGivesTheEmbeddedDefaults() throws {
        #expect(try load("") == RiposteConfiguration())
        #expect(try load("# only a comment\n") == RiposteConfiguration())
        let defaults = RiposteConfiguration()
        #expect(defaults.server.host == "127.0.0.1")
        #expect(defaults.server.port == 8080)
        #expect(defaults.database.path == "data/riposte.sqlite")
        #expect(defaults.ingest.requireSignature)
        #expect(defaults.ingest.maxBodyBytes == 1_048_576)
        #expect(defaults.destinations.map(\.type) == [.console])
    }

    @Test func environmentSecretIsTheDefaultIngestSecret() {
        let loader = ConfigurationLoader(environment: ["RIPOSTE_INGEST_SECRET": "whsec_abc"])
        #expect(loader.defaults().ingest.secrets == ["whsec_abc"])
        #expect(ConfigurationLoader(environment: [:]).defaults().ingest.secrets == [])
    }

    @Test func readsTheContractKeys() throws {
        let configuration = try load(
            """
            server:   { host: 0.0.0.0, port: 9090 }
            database: { path: /var/lib/riposte/r.sqlite, synchronous: normal, busy_timeout: 2s }
            ingest:   { require_signature: false, secrets: ["${SECRET}", "${EMPTY:-}"], max_body_bytes: 2048 }
            pipeline: { batch_size: 10, poll_interval: 250ms, lease: 2m, max_attempts: 3, busy_share: 0.5 }
            destinations:
              - { name: comms, type: slack, url: "${SLACK_URL}" }
              - { name: log, type: console }
            routes:
              - { match: { classification: unsupportive }, destinations: [comms, log], continue: true }
            """)
        #expect(configuration.server.host == "0.0.0.0")
        #expect(configuration.server.port == 9090)
        #expect(configuration.database.synchronous == .normal)
        #expect(configuration.database.busyTimeout == 2)
        #expect(configuration.ingest.requireSignature == false)
        #expect(configuration.ingest.secrets == ["whsec_c2VjcmV0"])
        #expect(configuration.ingest.maxBodyBytes == 2048)
        #expect(configuration.pipeline.pollInterval == 0.25)
        #expect(configuration.pipeline.lease == 120)
        #expect(configuration.pipeline.busyShare == 0.5)
        #expect(configuration.destinations.first?.url == "https://hooks.slack.com/services/T/B/x")
        #expect(configuration.routes.first?.match.classifications == [.unsupportive])
        #expect(configuration.routes.first?.continue == true)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var yaml: String
        var key: String
        var line: Int?
        var testDescription: String { key }
    }

    static let mistakes: [Case] = [
        Case(yaml: "sever:\n  port: 80\n", key: "sever", line: 1),
        Case(yaml: "server:\n  host: 127.0.0.1\n  prot: 80\n", key: "server.prot", line: 3),
        Case(yaml: "server:\n  port: eighty\n", key: "server.port", line: 2),
        Case(yaml: "server:\n  port: 70000\n", key: "server.port", line: 2),
        Case(yaml: "server: 8080\n", key: "server", line: 1),
        Case(yaml: "ingest:\n  require_signature: maybe\n", key: "ingest.require_signature", line: 2),
        Case(yaml: "ingest:\n  secrets: whsec_abc\n", key: "ingest.secrets", line: 2),
        Case(yaml: "ingest:\n  secrets: [\"${MISSING_SECRET}\"]\n", key: "ingest.secrets[0]", line: 2),
        Case(yaml: "ingest:\n  max_body_bytes: 10\n", key: "ingest.max_body_bytes", line: 2),
        Case(yaml: "database:\n  synchronous: sometimes\n", key: "database.synchronous", line: 2),
        Case(yaml: "pipeline:\n  lease: forever\n", key: "pipeline.lease", line: 2),
        Case(yaml: "pipeline:\n  busy_share: 0\n", key: "pipeline.busy_share", line: 2),
        Case(yaml: "pipeline:\n  busy_share: half\n", key: "pipeline.busy_share", line: 2),
        Case(yaml: "log:\n  level: loud\n", key: "log.level", line: 2),
        Case(yaml: "destinations:\n  - { name: a, type: carrier_pigeon }\n", key: "destinations[0].type", line: 2),
        Case(yaml: "destinations:\n  - { name: a, type: slack }\n", key: "destinations[0].url", line: 2),
        Case(yaml: "destinations:\n  - { name: a, type: slack, url: not-a-url }\n", key: "destinations[0].url", line: 2),
        Case(yaml: "destinations:\n  - { name: a, type: console, colour: red }\n", key: "destinations[0].colour", line: 2),
        Case(yaml: "destinations:\n  - { name: a, type: console }\n  - { name: a, type: console }\n", key: "destinations[1].name", line: nil),
        Case(yaml: "routes:\n  - { match: { classification: unsupportive }, destinations: [nowhere] }\n", key: "routes[0].destinations[0]", line: nil),
        Case(yaml: "routes:\n  - { match: { mood: grumpy }, destinations: [console] }\n", key: "routes[0].match.mood", line: 2),
        Case(yaml: "routes:\n  - { match: { classification: unsupportive } }\n", key: "routes[0].destinations", line: 2),
    ]

    @Test(arguments: mistakes)
    func errorsNameTheKeyAndLine(_ example: Case) {
        #expect {
            try load(example.yaml)
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.key == example.key && (example.line == nil || error.line == example.line) && error.file == "riposte.yml"
        }
    }

    @Test(arguments: [
        ("ingest:\n  secrets: [\"whsec_literal\"]\n", "ingest.secrets[0]"),
        ("api:\n  tokens: [plain-token]\n", "api.tokens[0]"),
        ("integrations:\n  x: { consumer_secret: abc }\n", "integrations.x.consumer_secret"),
        ("destinations:\n  - { name: a, type: slack, url: \"https://hooks.slack.com/services/T/B/x\" }\n", "destinations[0].url"),
    ])
    func secretsMustComeFromTheEnvironment(_ yaml: String, _ key: String) {
        do {
            _ = try load(yaml)
            Issue.record("a literal secret was accepted")
        } catch let error as ConfigurationError {
            #expect(error.key == key)
            #expect(!error.message.contains("literal") && !error.message.contains("plain-token") && !error.message.contains("hooks.slack.com"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func invalidYAMLIsReported() {
        #expect(throws: ConfigurationError.self) { try load("server: [unclosed\n") }
    }

    @Test func errorMessagesNeverEchoSecretURLs() {
        let loader = ConfigurationLoader(environment: ["BAD": "hxxps://secret-token-value"])
        do {
            _ = try loader.load(yaml: "destinations:\n  - { name: a, type: slack, url: \"${BAD}\" }\n")
            Issue.record("expected an error")
        } catch {
            #expect(!"\(error)".contains("secret-token-value"))
        }
    }

    @Test func descriptionReadsAsFileLineKeyMessage() {
        let error = ConfigurationError(key: "server.port", message: "must be a whole number", file: "riposte.yml", line: 3)
        #expect(error.description == "riposte.yml:3: server.port: must be a whole number")
    }
}
