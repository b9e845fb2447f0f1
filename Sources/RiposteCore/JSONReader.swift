/// A small, strict, allocation-light JSON reader over UTF-8 bytes.
///
/// Ingest decodes every mention on the hot path; Foundation's `JSONDecoder` spends most of its
/// time in generic `Codable` machinery. This reader walks the bytes once, decodes only the keys
/// the caller asks for, and validates (then skips) everything else. It is strict RFC 8259: no
/// trailing commas, no comments, no control characters in strings, valid UTF-8, surrogate pairs
/// checked, nesting limited (``maxDepth``) so hostile input cannot exhaust the stack.
struct JSONReader {
    /// Why reading stopped.
    enum Failure: Error, Equatable {
        /// The bytes are not JSON (or not UTF-8, or nested too deep).
        case malformed
        /// A value of another type than expected, at `field` once the caller knows it.
        case typeMismatch(expected: String, field: String?)
        /// The caller refused a well-formed value.
        case invalid(ValidationError)
    }

    /// The deepest nesting accepted.
    static let maxDepth = 64

    private let bytes: [UInt8]
    private(set) var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: Structure

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// The next significant byte, without consuming it.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Requires the end of input (only whitespace left).
    mutating func expectEnd() throws(Failure) {
        skipWhitespace()
        guard index == bytes.count else { throw .malformed }
    }

    /// Whether the next value is `null` (consumed if so).
    mutating func consumeNull() throws(Failure) -> Bool {
        guard peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Reads an object, calling `body` with each key; `body` must consume the value.
    mutating func readObject(depth: Int, expected: String = "an object", _ body: (inout JSONReader, String) throws(Failure) -> Void) throws(Failure) {
        guard depth < Self.maxDepth else { throw .malformed }
        guard let first = peek() else { throw .malformed }
        guard first == UInt8(ascii: "{") else {
            try skipValue(depth: depth)
            throw .typeMismatch(expected: expected, field: nil)
        }
        index += 1
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw .malformed }
            let key = try rawString()
            guard peek() == UInt8(ascii: ":") else { throw .malformed }
            index += 1
            try body(&self, key)
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return
            default: throw .malformed
            }
        }
    }

    /// Reads an array, calling `body` with each element's position; `body` must consume the element.
    mutating func readArray(depth: Int, _ body: (inout JSONReader, Int) throws(Failure) -> Void) throws(Failure) {
        guard depth < Self.maxDepth else { throw .malformed }
        guard let first = peek() else { throw .malformed }
        guard first == UInt8(ascii: "[") else {
            try skipValue(depth: depth)
            throw .typeMismatch(expected: "an array", field: nil)
        }
        index += 1
        if peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        var position = 0
        while true {
            try body(&self, position)
            position += 1
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return
            default: throw .malformed
            }
        }
    }

    /// Validates and skips any value.
    mutating func skipValue(depth: Int) throws(Failure) {
        guard depth < Self.maxDepth, let first = peek() else { throw .malformed }
        switch first {
        case UInt8(ascii: "{"): try readObject(depth: depth + 1) { (reader, _) throws(Failure) in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["): try readArray(depth: depth + 1) { (reader, _) throws(Failure) in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): _ = try rawString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: _ = try rawNumber()
        }
    }

    // MARK: Values

    /// A string value (`null` gives nil).
    mutating func string() throws(Failure) -> String? {
        if try consumeNull() { return nil }
        guard peek() == UInt8(ascii: "\"") else {
            try skipValue(depth: 0)
            throw .typeMismatch(expected: "a string", field: nil)
        }
        return try rawString()
    }

    /// A boolean value (`null` gives nil).
    mutating func bool() throws(Failure) -> Bool? {
        if try consumeNull() { return nil }
        switch peek() {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default:
            try skipValue(depth: 0)
            throw .typeMismatch(expected: "true or false", field: nil)
        }
    }

    /// A whole number (`null` gives nil); integral forms such as `1e3` or `2.0` are accepted.
    mutating func wholeNumber() throws(Failure) -> Int? {
        if try consumeNull() { return nil }
        guard let first = peek(), first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) else {
            try skipValue(depth: 0)
            throw .typeMismatch(expected: "a whole number", field: nil)
        }
        let (integer, isIntegral, double) = try rawNumber()
        if let integer { return integer }
        guard isIntegral, abs(double) < 1e15 else { throw .typeMismatch(expected: "a whole number", field: nil) }
        return Int(double)
    }

    /// A string or an integer, as text (identifiers arrive as either); `null` gives nil.
    mutating func identifier() throws(Failure) -> String? {
        if try consumeNull() { return nil }
        switch peek() {
        case UInt8(ascii: "\""):
            return try rawString()
        case let byte? where byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39):
            let (integer, _, _) = try rawNumber()
            guard let integer else { throw .typeMismatch(expected: "a string or an integer", field: nil) }
            return String(integer)
        default:
            try skipValue(depth: 0)
            throw .typeMismatch(expected: "a string or an integer", field: nil)
        }
    }

    // MARK: Lexing

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw .malformed }
        let pointer = word.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] {
            throw .malformed
        }
        index += count
    }

    /// Reads a number: its value as an Int when it is a plain integer that fits, whether it is
    /// integral, and its value as a Double.
    private mutating func rawNumber() throws(Failure) -> (Int?, Bool, Double) {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw .malformed }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if bytes[index] >= 0x31, bytes[index] <= 0x39 {
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        } else {
            throw .malformed
        }
        let integerEnd = index
        var plain = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            plain = false
            index += 1
            let digits = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > digits else { throw .malformed }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            plain = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let digits = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > digits else { throw .malformed }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if plain, integerEnd - start <= 20, let value = Int(text) {
            return (value, true, Double(value))
        }
        guard let double = Double(text), double.isFinite else { return (nil, false, .nan) }
        return (nil, double.rounded() == double, double)
    }

    /// Reads a string starting at its opening quote.
    private mutating func rawString() throws(Failure) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        var nonASCII: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let end = index
                index += 1
                if nonASCII & 0x80 == 0 {
                    // ASCII is valid UTF-8: no validation pass, no generic slice conversion.
                    return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
                }
                guard let text = String(validating: bytes[start..<end], as: UTF8.self) else { throw .malformed }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw .malformed }
            nonASCII |= byte
            index += 1
        }
        guard index < bytes.count else { throw .malformed }
        // Slow path: unescape into a buffer.
        var buffer = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: buffer, as: UTF8.self) else { throw .malformed }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw .malformed }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(0x22)
                case UInt8(ascii: "\\"): buffer.append(0x5C)
                case UInt8(ascii: "/"): buffer.append(0x2F)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw .malformed
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw .malformed }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw .malformed
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw .malformed }
                    buffer.append(contentsOf: UTF8.encode(unicode).map { Array($0) } ?? [])
                default:
                    throw .malformed
                }
            default:
                guard byte >= 0x20 else { throw .malformed }
                buffer.append(byte)
                index += 1
            }
        }
        throw .malformed
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw .malformed }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x57
            case 0x41...0x46: digit = byte - 0x37
            default: throw .malformed
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
