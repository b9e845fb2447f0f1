/// Decodes the HTML character references social platforms leave in post text (`&amp;`, `&#39;`).
enum HTMLEntities {
    private static let named: [Substring: Character] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "hellip": "…",
        "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“", "ndash": "–", "mdash": "—", "eacute": "é",
        "egrave": "è", "agrave": "à", "ccedil": "ç", "ecirc": "ê", "euro": "€",
    ]

    /// Returns `text` with every well-formed reference replaced; anything else is left as it was.
    static func decode(_ text: String) -> String {
        guard hasAmpersand(text) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") else {
                output.append(character)
                index = text.index(after: index)
                continue
            }
            let name = text[text.index(after: index)..<semicolon]
            if let decoded = decodeReference(name) {
                output.append(decoded)
                index = text.index(after: semicolon)
            } else {
                output.append(character)
                index = text.index(after: index)
            }
        }
        return output
    }

    /// Whether `text` has a `&` at all (most posts do not): a scan of its UTF-8 bytes in place.
    private static func hasAmpersand(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.contains(UInt8(ascii: "&")) }
    }

    private static func decodeReference(_ name: Substring) -> Character? {
        if let character = named[name] { return character }
        guard name.first == "#" else { return nil }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        return value.flatMap(Unicode.Scalar.init).map(Character.init)
    }
}
