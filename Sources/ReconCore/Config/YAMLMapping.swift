import Yams

/// Strict reading of one YAML mapping: every key must be known, every value
/// of the expected shape, and each error points at the file and line.
///
/// A typo in a job file must not silently disable a setting (SPEC §8), so
/// ``finish()`` fails on any key that no accessor asked for.
struct YAMLMapping {
    let file: String
    let context: String
    private let pairs: [(key: String, value: Node, line: Int?)]
    private var consumed: Set<String> = []
    let line: Int?

    init(_ node: Node, file: String, context: String) throws(ConfigurationError) {
        self.file = file
        self.context = context
        self.line = node.mark?.line
        guard case .mapping(let mapping) = node else {
            throw ConfigurationError(file: file, line: node.mark?.line, "\(context) must be a mapping of settings")
        }
        var pairs: [(key: String, value: Node, line: Int?)] = []
        var seen: Set<String> = []
        for (key, value) in mapping {
            guard let name = key.string else {
                throw ConfigurationError(file: file, line: key.mark?.line, "\(context): keys must be plain names")
            }
            guard seen.insert(name).inserted else {
                throw ConfigurationError(file: file, line: key.mark?.line, "\(context): '\(name)' is given twice")
            }
            pairs.append((name, value, key.mark?.line))
        }
        self.pairs = pairs
    }

    private mutating func node(_ key: String) -> (Node, Int?)? {
        consumed.insert(key)
        return pairs.first { $0.key == key }.map { ($0.value, $0.line) }
    }

    private func where_(_ key: String) -> String { context.isEmpty ? "'\(key)'" : "\(context).\(key)" }

    mutating func optionalString(_ key: String) throws(ConfigurationError) -> String? {
        guard let (node, line) = node(key) else { return nil }
        if node.null != nil { return nil }
        if case .scalar(let scalar) = node { return scalar.string }
        throw ConfigurationError(file: file, line: line, "\(where_(key)) must be a text value")
    }

    mutating func string(_ key: String) throws(ConfigurationError) -> String {
        guard let value = try optionalString(key), !value.isEmpty else {
            throw ConfigurationError(file: file, line: line, "\(where_(key)) is required")
        }
        return value
    }

    mutating func optionalBool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let (node, line) = node(key) else { return nil }
        switch node.string {
        case "true": return true
        case "false": return false
        default: throw ConfigurationError(file: file, line: line, "\(where_(key)) must be true or false")
        }
    }

    mutating func optionalInt(_ key: String, range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let (node, line) = node(key) else { return nil }
        guard let text = node.string, let value = Int(text), range.contains(value) else {
            throw ConfigurationError(
                file: file, line: line,
                "\(where_(key)) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    mutating func stringList(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let (node, line) = node(key) else { return nil }
        guard case .sequence(let sequence) = node else {
            throw ConfigurationError(file: file, line: line, "\(where_(key)) must be a list, e.g. [acme]")
        }
        var values: [String] = []
        for item in sequence {
            guard case .scalar(let scalar) = item, !scalar.string.isEmpty else {
                throw ConfigurationError(file: file, line: item.mark?.line ?? line, "\(where_(key)) must list plain names")
            }
            values.append(scalar.string)
        }
        return values
    }

    mutating func optionalMapping(_ key: String) throws(ConfigurationError) -> YAMLMapping? {
        guard let (node, _) = node(key) else { return nil }
        return try YAMLMapping(node, file: file, context: context.isEmpty ? key : "\(context).\(key)")
    }

    mutating func sequence(_ key: String) throws(ConfigurationError) -> [Node]? {
        guard let (node, line) = node(key) else { return nil }
        guard case .sequence(let sequence) = node else {
            throw ConfigurationError(file: file, line: line, "\(where_(key)) must be a list")
        }
        return Array(sequence)
    }

    /// The keys in file order (for mappings whose keys are data, like currency codes).
    var keys: [String] { pairs.map(\.key) }

    func lineOf(_ key: String) -> Int? { pairs.first { $0.key == key }?.line ?? line }

    /// Fails on the first key that no accessor read: an unknown or misspelled setting.
    func finish(known: [String]) throws(ConfigurationError) {
        for pair in pairs where !consumed.contains(pair.key) {
            let hint = known.isEmpty ? "" : " (known: \(known.joined(separator: ", ")))"
            throw ConfigurationError(file: file, line: pair.line, "unknown setting \(where_(pair.key))\(hint)")
        }
    }

    static func load(file: String, context: String) throws(ConfigurationError) -> YAMLMapping {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: file, "cannot read file: check the path and permissions")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            // Only libyaml's problem text: the full description quotes the document.
            let (line, problem) = YAMLMapping.locate(error)
            throw ConfigurationError(file: file, line: line, "not valid YAML: \(problem)")
        } catch {
            throw ConfigurationError(file: file, "not valid YAML")
        }
        guard let root else { throw ConfigurationError(file: file, "file is empty") }
        return try YAMLMapping(root, file: file, context: context)
    }

    private static func locate(_ error: YamlError) -> (Int?, String) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return (mark.line, problem)
        case .reader(let problem, _, _, _):
            return (nil, problem)
        default:
            return (nil, "unreadable document")
        }
    }
}
