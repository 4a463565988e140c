import ArgumentParser

/// The `wps` command: wiring only; the work is done by the library modules.
@main
struct Wps: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wps",
        abstract: "WPS Platform: the directory, action plans and data of the Women, Peace and Security community.",
        subcommands: [Serve.self, Migrate.self, Demo.self, Import.self, PlanCommand.self, Table.self, Privacy.self, Ranks.self, Bench.self, Backup.self, Restore.self, UserCommand.self, Token.self, ExpertiseCommand.self, LibraryCommand.self],
        defaultSubcommand: nil)
}
