@testable import CrumbEngine
@_spi(CrumbCodec) import CrumbCodec
import Testing

/// `--print` writes each crumb from its bytes in the file, a word at a time, on two threads.
/// What it writes must be byte for byte what the plain readings write (`OutputReference`, and
/// the text line of the decoded crumb), for hostile crumbs too.
@Suite struct OutputBytesTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func compact(_ input: [UInt8]) -> [UInt8] {
        var out = ByteBuffer(capacity: 1)
        input.withUnsafeBufferPointer { JSONCompactor.compact($0.baseAddress!, from: 0, to: $0.count, into: &out) }
        return out.array
    }

    static func pretty(_ input: [UInt8], indent: Int) -> [UInt8] {
        var out = ByteBuffer(capacity: 1)
        input.withUnsafeBufferPointer { PrettyJSON.write($0.baseAddress!, from: 0, to: $0.count, indent: indent, into: &out) }
        return out.array
    }

    static func token(_ input: [UInt8], _ form: CrumbLine.Form) -> String {
        CrumbLine.string { out in input.withUnsafeBufferPointer { CrumbLine.write($0, as: form, to: &out) } }
    }

    /// Strings whose bytes that need a look (a quote, a backslash, a control character, DEL,
    /// UTF-8 good or bad) fall at every offset of the eight-byte steps, in every writer.
    @Test func everySpecialByteAtEveryOffset() {
        let specials: [[UInt8]] = [[0x22], [0x5C, 0x22], [0x5C, 0x5C], [0x01], [0x09], [0x1B], [0x7F], [0xC3, 0xA9],
                                   [0xE2, 0x80, 0xAE], [0xF0, 0x9F, 0x98, 0x80], [0xC3], [0xFF], [0xE2, 0x82], [0x20], [0x3D], [0x7D], [0x7C]]
        for length in 0..<24 {
            for special in specials {
                for at in 0...length {
                    var contents = Array(repeating: UInt8(0x61), count: length)
                    contents.insert(contentsOf: special, at: at)
                    let json = Self.bytes("{ \"k\" : ") + [0x22] + contents + [0x22] + Self.bytes(" ,\"n\": [ 1 , {} ] }")
                    let compact = OutputReference.compact(json)
                    #expect(Self.compact(json) == compact, "\(special) at \(at) of \(length)")
                    var array: [UInt8] = [7]
                    json.withUnsafeBufferPointer { JSONCompactor.compact($0.baseAddress!, from: 0, to: $0.count, into: &array) }
                    #expect(array == [7] + compact)
                    #expect(Self.pretty(json, indent: 1) == OutputReference.pretty(compact, indent: 1))
                    let text = String(decoding: contents, as: UTF8.self)
                    #expect(Self.token(contents, .token) == OutputReference.token(text), "\(special) at \(at) of \(length)")
                    #expect(Self.token(contents, .bare) == OutputReference.escaped(text))
                }
            }
        }
    }

    /// Invalid UTF-8 shows as Swift shows it: one U+FFFD for each longest start of a sequence
    /// that could have been valid, as `String(decoding:as:)` repairs.
    @Test func utf8IsRepairedAsSwiftRepairsIt() {
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                    0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var sequences: [[UInt8]] = [[]]
        for _ in 0..<4 { sequences = sequences.flatMap { prefix in interesting.map { prefix + [$0] } } }
        for sequence in sequences {
            let decoded = sequence.withUnsafeBufferPointer { buffer -> String in
                var text = String.UnicodeScalarView()
                var index = 0
                while index < buffer.count {
                    let scalar = UTF8Check.scalar(buffer.baseAddress!, at: index, end: buffer.count)
                    text.append(Unicode.Scalar(scalar.value)!)
                    index += scalar.length
                }
                return String(text)
            }
            if decoded != String(decoding: sequence, as: UTF8.self) {
                Issue.record("\(sequence.map { String($0, radix: 16) })")
                return
            }
        }
    }

    /// Every character a terminal might obey, and the characters that make a token quoted, in
    /// the rules written on bytes and on strings.
    @Test func theLineRulesOnBytesAreTheRulesOnStrings() {
        var random = SplitMix64(seed: 7)
        let scalars: [Unicode.Scalar] = (0..<0xA0).compactMap(Unicode.Scalar.init)
            + [0x202A, 0x202E, 0x2066, 0x2069, 0x2028, 0x2029, 0x2027, 0x202F, 0xE9, 0x674E, 0x1F600, 0xFFFD].compactMap(Unicode.Scalar.init)
        for _ in 0..<20_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int(random.next() % 20) { text.append(scalars[Int(random.next() % UInt64(scalars.count))]) }
            let string = String(text)
            #expect(CrumbLine.quotedIfNeeded(string) == OutputReference.token(string))
            #expect(DisplayText.escaped(string) == OutputReference.escaped(string))
        }
        for scalar in scalars {
            #expect(DisplayText.escape(scalar) == OutputReference.escape(scalar))
        }
        #expect(CrumbLine.quotedIfNeeded("") == "\"\"")
        #expect(DisplayText.escaped("") == "")
        #expect(CrumbLine.quotedIfNeeded(#"C:\temp"#) == #"C:\temp"#, "a backslash alone is not quoted")
    }

    static func expected(_ store: CrumbStore, _ index: Int, _ format: CrumbFormat) -> [UInt8] {
        let raw = store.withBytes(of: index) { Array($0) }
        // A crumb that repeats a key is written with each key once.
        let written = OutputReference.resolved(raw) ?? raw
        #expect(store.repeatsKeys(index) == (written != raw), "crumb \(index) repeats a key: the loader and the plain reading agree")
        switch format {
        case .jsonl: return OutputReference.compact(written) + [0x0A]
        case .json: return OutputReference.pretty(OutputReference.compact(written), indent: 1)
        case .text:
            let crumb = store.crumb(at: index)
            func entry(_ entry: CrumbEntry) -> (key: String, value: String, isJSON: Bool) {
                if case .json(let text) = entry.value { return (entry.key, text, true) }
                return (entry.key, entry.value.text, false)
            }
            let line = OutputReference.line(.init(timestamp: crumb.timestamp, thread: crumb.thread, event: crumb.event,
                                                  context: crumb.context.map(entry), fields: crumb.fields.map(entry)))
            #expect(CrumbText.line(crumb) == line, "the decoded crumb's line is the same")
            return Self.bytes(line) + [0x0A]
        }
    }

    /// Each crumb as the store holds it, written in each format, against the plain readings;
    /// then all of them in one go, with chunks of every size (two threads, or one).
    @Test(arguments: [(UInt64(1), false), (2, false), (3, true), (4, true)])
    func hostileCrumbsAreWrittenAsThePlainReadingsWriteThem(seed: UInt64, pretty: Bool) throws {
        var crumbs = HostileCrumbs(seed: seed)
        let input = pretty ? crumbs.dump(400) : crumbs.jsonLines(600)
        let (store, report) = TestSupport.load(bytes: input)
        #expect(store.count == (pretty ? 400 : 600), "\(report)")
        for format in CrumbFormat.allCases {
            var expected: [UInt8] = format == .json ? [0x5B] : []
            for index in 0..<store.count {
                var line: [UInt8] = []
                CrumbWriter.writeLine(store, index, format: format, to: &line)
                let want = Self.expected(store, index, format)
                #expect(line == want, "crumb \(index) as \(format): \(String(decoding: line, as: UTF8.self))")
                expected += format == .json ? Self.bytes(index == 0 ? "\n  " : ",\n  ") + want : want
            }
            if format == .json { expected += Self.bytes(store.count == 0 ? "]\n" : "\n]\n") }
            for crumbsPerChunk in [1, 7, 64, 4096] {
                var out: [UInt8] = []
                let lost = CrumbWriter.write(store, 0..<UInt32(store.count), format: format, crumbsPerChunk: crumbsPerChunk) { out += $0 }
                #expect(lost == 0)
                #expect(out == expected, "\(format) in chunks of \(crumbsPerChunk)")
            }
        }
    }

    /// Python's own crumbs: numbers, `null`, lists and strings with escapes, as statecrumbs
    /// writes them, and a crash's block after its crumb.
    @Test(arguments: ["python-live.jsonl", "python-dump.json", "python-unsorted.jsonl", "python-crash-stderr.log", "swift-crash-stderr.log"])
    func fixturesAreWrittenAsThePlainReadingsWriteThem(file: String) {
        let (store, _) = TestSupport.loadFixture(file)
        #expect(store.count > 0)
        let everything = (0..<UInt32(store.count)).map { $0 }
        let crashes = store.crashes(shownWith: everything, everything: true)
        for format in CrumbFormat.allCases {
            var single: [UInt8] = []
            CrumbWriter.write(store, everything, format: format, crashes: crashes, crumbsPerChunk: .max) { single += $0 }
            for index in 0..<store.count {
                var line: [UInt8] = []
                CrumbWriter.writeLine(store, index, format: format, to: &line)
                #expect(line == Self.expected(store, index, format))
            }
            for crumbsPerChunk in [1, 2, 5] {
                var out: [UInt8] = []
                CrumbWriter.write(store, everything, format: format, crashes: crashes, crumbsPerChunk: crumbsPerChunk) { out += $0 }
                #expect(out == single, "\(format) in chunks of \(crumbsPerChunk)")
            }
        }
    }

    @Test func nothingToWrite() {
        let (store, _) = TestSupport.load(#"{"event":"a"}"# + "\n")
        for (format, expected) in [(CrumbFormat.json, "[]\n"), (.jsonl, ""), (.text, "")] {
            var out: [UInt8] = []
            CrumbWriter.write(store, [UInt32](), format: format) { out += $0 }
            #expect(String(decoding: out, as: UTF8.self) == expected)
        }
    }

    /// A value far bigger than the output buffer, and one nested deeper than the indentation's
    /// word stores.
    @Test func hugeAndDeepValues() {
        let huge = Self.bytes(#"{"event":"big","v":""#) + Array(repeating: 0x01, count: 3 << 20) + Self.bytes(#""}"#)
        #expect(Self.compact(huge) == OutputReference.compact(huge))
        let deep = Self.bytes(#"{"event":"deep","v":"#) + Array(repeating: 0x5B, count: 300) + [0x31] + Array(repeating: 0x5D, count: 300) + [0x7D]
        #expect(Self.pretty(deep, indent: 1) == OutputReference.pretty(OutputReference.compact(deep), indent: 1))
        let long = Array(repeating: UInt8(0x1B), count: 100_000)
        #expect(Self.token(long, .token) == OutputReference.token(String(decoding: long, as: UTF8.self)))
    }
}
