import ArgumentParser

/// The `riposte` command.
@main
struct Riposte: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riposte",
        abstract: "Self-hosted triage of brand mentions for social-media response teams.",
        discussion: """
            Riposte stores mentions posted by social-listening tools, classifies them, suggests \
            human-toned replies and escalates to approvers in team chat.

            Configuration comes from --config, else $RIPOSTE_CONFIG, else ./riposte.yml when it \
            exists, else the embedded defaults (see riposte.example.yml).
            """,
        version: "0.1.0",
        subcommands: [
            ServeCommand.self, ClassifyCommand.self, SuggestCommand.self, RoutesCommand.self, EvalCommand.self, TrainCommand.self,
            TemplatesCommand.self, OutboxCommand.self, AuditCommand.self, OncallCommand.self, ReplayCommand.self, SeedCommand.self, DashboardCommand.self,
            MigrateCommand.self, ConfigCommand.self,
            HealthcheckCommand.self,
        ],
        defaultSubcommand: nil
    )
}
