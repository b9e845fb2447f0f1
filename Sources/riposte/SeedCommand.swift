import ArgumentParser
import Foundation
import RiposteCore
import RiposteStore

/// `riposte seed --mentions 1000000`: synthetic, classified mentions for benchmarks and demos.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Fill a database with synthetic, classified mentions (for the query benchmark and demos).",
        discussion: "Sixteen realistic texts, classified once by the shipped model, stamped out over --days, four mentions to a thread.")

    @OptionGroup var database: OutboxCommand.DatabaseOptions
    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "How many mentions.")
    var mentions = 100_000

    @Option(help: "Spread over this many days before now.")
    var days = 30.0

    func validate() throws {
        guard (1...50_000_000).contains(mentions) else { throw ValidationError("--mentions must be from 1 to 50,000,000") }
        guard days > 0 else { throw ValidationError("--days must be more than 0") }
    }

    static let texts: [(String, String, String?)] = [
        ("Cardiolix has been a life saver for my dad, thank you", "x", "Cardiolix"),
        ("@Cardiolix why is my prescription out of stock again?? third pharmacy today", "x", "Cardiolix"),
        ("Started Cardiolix last week and now I get headaches every afternoon", "x", "Cardiolix"),
        ("Le Cardiolix est introuvable en pharmacie depuis un mois, c'est inadmissible", "x", "Cardiolix"),
        ("My mother was hospitalised after taking Cardiolix, she could not breathe", "reddit", "Cardiolix"),
        ("Does anyone know if Cardiolix interacts with ibuprofen?", "reddit", "Cardiolix"),
        ("Worst customer service ever, nobody answers the hotline. Useless.", "x", "Cardiolix"),
        ("I will sue you if this happens again, my lawyer is ready", "x", "Cardiolix"),
        ("Cardiolix causes autism, they are hiding the truth, wake up", "x", "Cardiolix"),
        ("Thank you to the nurse who explained my new Cardiolix dose so kindly", "meltwater", "Cardiolix"),
        ("Price of Cardiolix went up again, how are patients supposed to afford it", "meltwater", "Cardiolix"),
        ("Just picked up my Cardiolix refill", "x", "Cardiolix"),
        ("Ventolux inhaler saved my run today, love it", "x", "Ventolux"),
        ("Ventolux app keeps crashing when I log my doses, fix it please", "x", "Ventolux"),
        ("Is there a recall on Ventolux? pharmacy said the batch is withdrawn", "reddit", "Ventolux"),
        ("I want to end it all, nothing helps anymore", "x", "Cardiolix"),
    ]

    func run() async throws {
        try await reportingErrors {
            let configuration = try database.options.load()
            let model = try modelOptions.load(configuration: configuration)
            let classifier = MentionClassifier(model: model, configuration: configuration)
            // Everyday mentions far outnumber the alarming ones: the first, fourth, sixth, tenth,
            // eleventh, twelfth and thirteenth texts are repeated so flags stay rare, as in real streams.
            let weights = [12, 6, 2, 6, 1, 4, 6, 1, 1, 8, 6, 12, 8, 4, 1, 1]
            let samples = zip(Self.texts, weights).flatMap { sample, weight in
                Array(repeating: SeedSample(text: sample.0, source: sample.1, brand: sample.2, classification: classifier.classify(sample.0, brand: sample.2)), count: weight)
            }
            let store = try database.open()
            let progress = Progress()
            let started = Date()
            let total = mentions
            try await store.seed(samples, count: mentions, days: days, now: Date()) { written in
                let rate = Double(written) / max(0.001, Date().timeIntervalSince(started))
                progress.update("seeded \(written) of \(total) mentions (\(Int(rate))/s)")
            }
            progress.finish()
            print("seeded \(mentions) mentions over \(days) days in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
    }
}
