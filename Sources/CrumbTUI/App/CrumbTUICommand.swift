import ArgumentParser

/// The `crumbtui` command line. The viewer and the engine behind it are built by their own
/// issues; until then the command explains itself and says what is not there yet.
@main
struct CrumbTUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crumbtui",
        abstract: "View StateCrumbs and Python statecrumbs crash dumps and live crumb files.",
        discussion: """
        Opens a JSON array of crumbs (a crash dump), JSON Lines (a live crumb file), or a captured \
        stderr log that contains a dump.
        """
    )

    @Argument(help: "Crumb files to open (a dump, a live file or a log). '-' reads standard input.")
    var files: [String] = []

    mutating func run() throws {
        throw ValidationError("the viewer is not built yet; see `crumbtui --help`")
    }
}
