import Foundation

/// One row of a labelled CSV file (`id,text,label[,extra]`).
public struct LabelledRow: Sendable, Equatable {
    /// The row's `id` column.
    public var id: String
    /// The text.
    public var text: String
    /// The label, as written.
    public var label: String
    /// The 1-based line the row starts on.
    public var line: Int
}

/// Reads labelled CSV files as Python's `csv` module writes them: comma-separated, `"`-quoted
/// fields that may hold commas, doubled quotes and newlines; a header naming at least `text` and `label`.
public enum LabelledCSV {
    /// Parses a whole file.
    /// - Parameters:
    ///   - text: The file's contents.
    ///   - allowedLabels: The labels a row may carry; any other is an error naming its line.
    /// - Throws: ``LabelledCSVError`` naming the line of the first problem.
    public static func parse(_ text: String, allowedLabels: Set<String>) throws -> [LabelledRow] {
        var records = try records(of: text)
        guard !records.isEmpty else { throw LabelledCSVError(line: 1, message: "the file is empty; expected a header `id,text,label[,extra]`") }
        let header = records.removeFirst().fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let textColumn = header.firstIndex(of: "text"), let labelColumn = header.firstIndex(of: "label") else {
            throw LabelledCSVError(line: 1, message: "the header must name the columns `text` and `label` (found: \(header.joined(separator: ",")))")
        }
        let idColumn = header.firstIndex(of: "id")
        var rows: [LabelledRow] = []
        rows.reserveCapacity(records.count)
        for record in records {
            if record.fields.count == 1, record.fields[0].isEmpty { continue }
            guard record.fields.count > max(textColumn, labelColumn) else {
                throw LabelledCSVError(line: record.line, message: "expected at least \(max(textColumn, labelColumn) + 1) columns, found \(record.fields.count)")
            }
            let label = record.fields[labelColumn].trimmingCharacters(in: .whitespaces)
            guard allowedLabels.contains(label) else {
                throw LabelledCSVError(line: record.line, message: "unknown label `\(label)` (expected one of \(allowedLabels.sorted().joined(separator: ", ")))")
            }
            let id = idColumn.flatMap { $0 < record.fields.count ? record.fields[$0] : nil } ?? String(record.line)
            rows.append(LabelledRow(id: id, text: record.fields[textColumn], label: label, line: record.line))
        }
        return rows
    }

    struct Record {
        var fields: [String]
        var line: Int
    }

    /// Splits CSV text into records, keeping the line each starts on.
    static func records(of text: String) throws -> [Record] {
        var text = text
        return try text.withUTF8 { try records(utf8: $0) }
    }

    /// The CSV grammar on UTF-8 bytes: every delimiter is ASCII, and no byte of a multi-byte
    /// character is, so fields split here are whole characters (and far faster than per scalar).
    private static func records(utf8 bytes: UnsafeBufferPointer<UInt8>) throws -> [Record] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(512)
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteLine = 1
        var fieldStarted = false
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }  // a byte-order mark
        func takeField() -> String {
            let text = String(decoding: field, as: UTF8.self)
            field.removeAll(keepingCapacity: true)
            return text
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == quote {
                    if index < bytes.count, bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where !fieldStarted:
                inQuotes = true
                quoteLine = line
                fieldStarted = true
            case comma:
                fields.append(takeField())
                fieldStarted = false
            case carriageReturn:
                continue
            case newline:
                fields.append(takeField())
                records.append(Record(fields: fields, line: recordLine))
                fields = []
                fieldStarted = false
                line += 1
                recordLine = line
            default:
                field.append(byte)
                fieldStarted = true
            }
        }
        if inQuotes { throw LabelledCSVError(line: quoteLine, message: "a quoted field opened here is never closed") }
        if fieldStarted || !fields.isEmpty || !field.isEmpty {
            fields.append(takeField())
            records.append(Record(fields: fields, line: recordLine))
        }
        return records
    }
}

/// A labelled CSV file that cannot be read.
public struct LabelledCSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line.
    public var line: Int
    /// What is wrong.
    public var message: String

    public var description: String { "line \(line): \(message)" }
}
