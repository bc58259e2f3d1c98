import ArgumentParser

/// The options of ``CommonOptions`` that may also be written before the
/// subcommand. swift-argument-parser only parses options where a command
/// declares them, so the words are rearranged first: the subcommand path
/// (`db migrate`), then these options, then everything else, untouched.
enum GlobalOptions {
    /// Option name → whether it takes a value.
    static let names: [String: Bool] = ["--database-url": true, "--log-format": true, "--quiet": false]

    static func movedBehindSubcommand(_ arguments: [String], root: ParsableCommand.Type) -> [String] {
        var command = root
        var path: [String] = []
        var moved: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            let name = String(word.split(separator: "=", maxSplits: 1).first ?? "")
            if let takesValue = names[name] {
                moved.append(word)
                if takesValue, !word.contains("="), index + 1 < arguments.count {
                    moved.append(arguments[index + 1])
                    index += 1
                }
            } else if let next = command.configuration.subcommands.first(where: { $0.configuration.commandName == word }) {
                path.append(word)
                command = next
            } else {
                break
            }
            index += 1
        }
        return path + moved + arguments[index...]
    }
}
