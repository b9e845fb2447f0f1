/// A configuration mistake, naming the key (and line, when it came from a file).
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The dotted key (`server.port`, `destinations[1].url`).
    public var key: String
    /// What is wrong, and what would be right.
    public var message: String
    /// The file it came from, if any.
    public var file: String?
    /// The 1-based line in that file, if known.
    public var line: Int?

    /// Creates an error.
    public init(key: String, message: String, file: String? = nil, line: Int? = nil) {
        self.key = key
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String {
        var location = ""
        if let file { location = line.map { "\(file):\($0): " } ?? "\(file): " }
        return key.isEmpty ? "\(location)\(message)" : "\(location)\(key): \(message)"
    }
}
