@_spi(CrumbCodec) import CrumbCodec
import CrumbEngine

/// Feeds arbitrary bytes to the engine's scanner and loader, and checks what must always hold.
///
/// Built with `-sanitize=fuzzer -DFUZZING` this is a libFuzzer target (see README
/// "Development"); a plain build makes a small tool that replays saved inputs:
/// `swift run ScannerFuzz FILE...`.
enum ScannerFuzzCheck {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        // The same input read on one thread and split between two must give the same crumbs.
        var serialLoader = CrumbLoader()
        serialLoader.parallel = false
        var splitLoader = CrumbLoader()
        splitLoader.parallelThreshold = 1
        let serial = CrumbStore(), split = CrumbStore()
        serialLoader.load(bytes: bytes, name: "fuzz", into: serial)
        splitLoader.load(bytes: bytes, name: "fuzz", into: split)
        precondition(serial.count == split.count, "split reading found \(split.count) crumbs, serial \(serial.count)")
        for index in 0..<serial.count {
            let a = serial.withBytes(of: index) { Array($0) }
            let b = split.withBytes(of: index) { Array($0) }
            precondition(a == b, "crumb \(index) differs between split and serial reading")
        }
        // A load without context and fields reads them from the crumbs' bytes when asked for:
        // the same ones a full load keeps.
        var bareLoader = serialLoader
        bareLoader.parts = []
        let bare = CrumbStore()
        bareLoader.load(bytes: bytes, name: "fuzz", into: bare)
        precondition(bare.count == serial.count, "a load without parts found \(bare.count) crumbs, a full one \(serial.count)")
        for index in 0..<serial.count {
            precondition(entries(bare, index) == entries(serial, index), "crumb \(index)'s parts differ when read later")
        }
        // Every crumb can be shown and written back in each format. The text line written from
        // the crumb's bytes is the decoded crumb's line, and the dump's element is its compact
        // JSON laid out.
        var output: [UInt8] = []
        var compact: [UInt8] = []
        for index in 0..<serial.count {
            let line = CrumbText.line(serial.crumb(at: index))
            CrumbWriter.writeLine(serial, index, format: .text, to: &output)
            precondition(output == Array(line.utf8) + [0x0A], "crumb \(index): the text line from its bytes differs from the decoded crumb's")
            var bareLine: [UInt8] = []
            CrumbWriter.writeLine(bare, index, format: .text, to: &bareLine)
            precondition(bareLine == output, "crumb \(index): the text line differs when context and fields were not loaded")
            output.removeAll(keepingCapacity: true)
            compact.removeAll(keepingCapacity: true)
            CrumbWriter.compact(serial, index, to: &compact)
            CrumbWriter.writeLine(serial, index, format: .jsonl, to: &output)
            precondition(output == compact + [0x0A], "crumb \(index): a JSON line differs from the compact crumb")
            output.removeAll(keepingCapacity: true)
            CrumbWriter.writeLine(serial, index, format: .json, to: &output)
            var laidOut: [UInt8] = []
            PrettyJSON.write(compact, indent: 1, to: &laidOut)
            precondition(output == laidOut, "crumb \(index): the dump element differs from its compact JSON laid out")
            output.removeAll(keepingCapacity: true)
        }
        // Written in chunks of one crumb or all at once, the output is the same.
        let all = (0..<UInt32(serial.count)).map { $0 }
        for format in CrumbFormat.allCases {
            var whole: [UInt8] = [], chunked: [UInt8] = []
            CrumbWriter.write(serial, all, format: format) { whole += $0 }
            CrumbWriter.write(serial, all, format: format, crumbsPerChunk: 1) { chunked += $0 }
            precondition(whole == chunked, "\(format) written in chunks differs")
        }
        // The live-file path takes the same bytes.
        let live = CrumbStore()
        live.appendLines(bytes, name: "live")
        // The bytes as a filter expression: parse errors are fine, crashes are not.
        let text = String(decoding: bytes.prefix(256), as: UTF8.self)
        if let filter = try? CrumbFilter(text) {
            let result = FilterResult(filter, in: serial)
            precondition(result.matches.count <= serial.count)
        }
    }
}

extension ScannerFuzzCheck {
    /// Crumb `index`'s context and fields, by their text.
    static func entries(_ store: CrumbStore, _ index: Int) -> [String] {
        store.contextEntries(of: index).map { store.contextKeys.string($0.key) + "=" + store.contextValues.string($0.value) }
            + store.fieldEntries(of: index).map { "\(store.fieldKeys.string($0.key))@\($0.valueRange)" }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ScannerFuzzCheck.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}

/// libFuzzer's entry point for programs that have their own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's `main` to `<Target>_main`, so libFuzzer's own `main` is not
/// used; this one hands the command line to libFuzzer's driver.
@_cdecl("ScannerFuzz_main")
func scannerFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
#else
import Foundation

@main
struct ScannerFuzzReplay {
    static func main() {
        var unreadable = 0
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("ScannerFuzz: cannot read \(path) (not a readable file)\n".utf8))
                unreadable += 1
                continue
            }
            data.withUnsafeBytes { ScannerFuzzCheck.run($0.bindMemory(to: UInt8.self)) }
            print("ok \(path)")
        }
        if unreadable > 0 { exit(1) }
    }
}
#endif
