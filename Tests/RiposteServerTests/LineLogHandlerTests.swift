import Foundation
import Logging
import Testing

@testable import RiposteServer

@Suite struct LineLogHandlerTests {
    private func logger(level: Logger.Level = .info) -> (Logger, LineOutput) {
        let output = LineOutput(capturing: true)
        var logger = Logger(label: "riposte") { LineLogHandler(label: $0, output: output) }
        logger.logLevel = level
        return (logger, output)
    }

    @Test func writesOneLineWithSortedMetadataAfterTheMessage() throws {
        var (logger, output) = logger()
        logger[metadataKey: "hb.request.id"] = "abc"
        logger.info("mentions stored", metadata: ["ingest.count": "3", "ingest.channel": "mentions"])
        let line = try #require(output.lines.first)
        #expect(output.lines.count == 1)
        #expect(line.hasSuffix(" info riposte: mentions stored hb.request.id=abc ingest.channel=mentions ingest.count=3\n"))
        // It starts with an RFC 3339 UTC timestamp.
        #expect(line.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z "#, options: .regularExpression) != nil)
    }

    @Test func skipsEventsUnderTheLevel() {
        let (logger, output) = logger(level: .warning)
        logger.info("quiet")
        logger.debug("quieter")
        logger.warning("loud")
        #expect(output.lines.count == 1)
        #expect(output.lines.first?.contains("warning riposte: loud") == true)
    }

    @Test func quotesValuesThatWouldBreakTheLine() {
        #expect(LineLogHandler.quoted("plain/path-1") == "plain/path-1")
        #expect(LineLogHandler.quoted("") == #""""#)
        #expect(LineLogHandler.quoted("two words") == #""two words""#)
        #expect(LineLogHandler.quoted("a=b") == #""a=b""#)
        #expect(LineLogHandler.quoted("say \"hi\"\nbye\\") == #""say \"hi\"\nbye\\""#)
        #expect(LineLogHandler.quoted("bell\u{7}") == #""bell\u0007""#)
    }

    @Test func redactsValuesUnderKeysThatNameASecret() throws {
        let (logger, output) = logger()
        logger.error(
            "delivery failed",
            metadata: [
                "delivery.webhook_url": "https://hooks.slack.com/services/T/B/x", "ingest.secret": "whsec_x",
                "approval.token": "t0k3n", "http.authorization": "Bearer y", "delivery.status": "500",
            ])
        let line = try #require(output.lines.first)
        for secret in ["hooks.slack.com", "whsec_x", "t0k3n", "Bearer"] {
            #expect(!line.contains(secret), "\(secret) leaked into \(line)")
        }
        #expect(line.contains("delivery.webhook_url=[redacted]"))
        #expect(line.contains("delivery.status=500"))
    }

    @Test func explicitMetadataWinsOverTheLoggersAndErrorsAreShown() throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "disk full" } }
        var (logger, output) = logger()
        logger[metadataKey: "stage"] = "classify"
        logger.error("failed", error: Broken(), metadata: ["stage": "store"])
        let line = try #require(output.lines.first)
        #expect(line.contains("stage=store"))
        #expect(!line.contains("stage=classify"))
        #expect(line.contains(#"error="disk full""#))
    }
}
