import Foundation

/// Reads the lines of a source file a crash frame names, if that file is on this machine: a
/// regular file of at most `largest` bytes. The crash pane shows them around the frame's line.
enum SourceReader {
    static let largest = 8 << 20

    static func read(_ path: String, lines wanted: [Int]) -> SourceLines? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) <= largest,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        let wanted = Set(wanted)
        var lines: [Int: String] = [:]
        var number = 1
        var start = data.startIndex
        for index in data.indices where data[index] == 0x0A {
            if wanted.contains(number) { lines[number] = String(decoding: data[start..<index], as: UTF8.self) }
            number += 1
            start = index + 1
            if number > (wanted.max() ?? 0) { break }
        }
        if start < data.endIndex, wanted.contains(number) { lines[number] = String(decoding: data[start...], as: UTF8.self) }
        return SourceLines(lines: lines)
    }
}
