import CrumbEngine
@testable import CrumbTUI
import Foundation
import Testing

/// A stream (a pipe, a FIFO) holds no line longer than its limit: the line is dropped as it
/// arrives, whatever the reads it comes in, an empty line keeps its place (so the lines after it
/// keep their numbers), the status line says so while it is being dropped, and the crumbs after
/// it are shown.
@Suite struct StreamFollowTests {
    /// Writes `pieces` to a FIFO one at a time, polling the stream after each, then closes it
    /// and polls to the end; returns the lines handed over (with their first line numbers) and
    /// the notes shown.
    func follow(_ pieces: [String], limit: Int) throws -> (data: String, firstLines: [Int], notes: [String], long: [(line: Int, bytes: Int)]) {
        let folder = try TestSupport.temporaryDirectory().path
        let fifo = folder + "/stream"
        #expect(mkfifo(fifo, 0o600) == 0)
        let stream = StreamFollow(path: fifo, lineLimit: limit)
        let writer = open(fifo, O_WRONLY | O_NONBLOCK)
        #expect(writer >= 0)
        var data: [UInt8] = [], firstLines: [Int] = [], notes: [String] = [], long: [(line: Int, bytes: Int)] = []
        func take(_ read: TailRead) {
            if !read.data.isEmpty {
                firstLines.append(read.firstLine)
                data += read.data
            }
            for line in read.longLines {
                long.append((read.firstLine + read.data[..<line.offset].filter { $0 == 0x0A }.count, line.bytes))
            }
            if let note = read.note { notes.append(note.text) }
        }
        for piece in pieces {
            #expect(piece.utf8.withContiguousStorageIfAvailable { write(writer, $0.baseAddress, $0.count) } == piece.utf8.count)
            take(stream.poll())
        }
        close(writer)
        for _ in 0..<20 { take(stream.poll()) }
        return (String(decoding: data, as: UTF8.self), firstLines, notes, long)
    }

    @Test func aLongJSONLineIsDroppedAsItArrivesAndTheLinesAfterItKeepTheirNumbers() throws {
        let long = #"{"event":""# + String(repeating: "y", count: 40)
        let (data, firstLines, notes, dropped) = try follow(
            [#"{"event":"a"}"# + "\n" + long, String(repeating: "z", count: 50), #""}"# + "\n" + #"{"event":"b"}"# + "\n{broken\n"],
            limit: 32)
        #expect(data == #"{"event":"a"}"# + "\n\n" + #"{"event":"b"}"# + "\n{broken\n")
        // The second piece's lines start at line 2: the dropped line is line 2, "b" line 3.
        #expect(firstLines == [1, 2])
        // Said while the line is still coming, not only once it ends.
        #expect(notes.first?.hasSuffix("/stream: skipped 1 line longer than 32 bytes") == true, "\(notes)")
        // Handed over with its line number and length, for the problem the viewer reports.
        #expect(dropped.map(\.line) == [2] && dropped.map(\.bytes) == [102], "\(dropped)")
    }

    @Test func aLongLineInALogIsDroppedAndTheCrumbLinesAroundItShown() throws {
        let (data, _, notes, _) = try follow(
            ["starting\n" + String(repeating: "x", count: 20), String(repeating: "x", count: 20), "x\n" + #"{"event":"after","thread":"t"}"# + "\n"],
            limit: 32)
        #expect(data.hasPrefix("starting\n\n" + #"{"event":"after","thread":"t"}"#), "\(data)")
        #expect(notes.contains { $0.hasSuffix("/stream: skipped 1 line longer than 32 bytes") }, "\(notes)")
    }

    @Test func linesSplitAcrossReadsAreHandedOverWhole() throws {
        let (data, firstLines, notes, _) = try follow(
            [#"{"event":"aaaaaaaaaa"}"# + "\n", #"{"event":"b"}"# + "\n" + #"{"ev"#, #"ent":"c"}"# + "\n"], limit: 32)
        #expect(data == #"{"event":"aaaaaaaaaa"}"# + "\n" + #"{"event":"b"}"# + "\n" + #"{"event":"c"}"# + "\n")
        #expect(firstLines == [1, 2, 3])
        #expect(notes.allSatisfy { !$0.contains("skipped") }, "\(notes)")
    }
}
