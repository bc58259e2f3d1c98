import Foundation

/// `recon-embed-migrations OUTPUT FILE...`: writes a Swift source holding each
/// migration file's name and exact text (run by the EmbedMigrations plugin).
/// A file that is not UTF-8 or not named `NNN_name.sql` fails the build here,
/// where it is cheapest to fix, rather than at `recon db migrate`.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    exit(1)
}

/// A Swift string literal with exactly the file's characters: escapes keep
/// every byte (tabs, carriage returns, quotes) so the embedded text has the
/// same SHA-256 as the file, which is what `schema_migrations` records.
func literal(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            out += "\\u{\(String(scalar.value, radix: 16))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else { fail("usage: recon-embed-migrations OUTPUT FILE...") }
var entries: [String] = []
var numbers: [Int: String] = [:]
for path in arguments.dropFirst().sorted() {
    let name = (path as NSString).lastPathComponent
    let digits = name.prefix(while: { $0.isASCII && $0.isNumber })
    guard let number = Int(digits), name.dropFirst(digits.count).first == "_" else {
        fail("\(path): a migration must be named NNN_name.sql")
    }
    if let other = numbers[number] { fail("\(path): number \(digits) is also used by \(other)") }
    numbers[number] = name
    guard let data = FileManager.default.contents(atPath: path) else { fail("\(path): cannot read") }
    guard !data.contains(0), let text = String(data: data, encoding: .utf8),
        Array(text.utf8) == Array(data)
    else { fail("\(path): not UTF-8 text") }
    entries.append("        (name: \(literal(name)), text: \(literal(text))),")
}
let source = """
    // Generated at build time by the EmbedMigrations plugin from sql/*.sql. Do not edit.

    /// The migration files this recon was built with, in file-name order.
    let embeddedMigrationFiles: [(name: String, text: String)] = [
    \(entries.joined(separator: "\n"))
    ]

    """
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
    fail("cannot write \(output): \(error)")
}
