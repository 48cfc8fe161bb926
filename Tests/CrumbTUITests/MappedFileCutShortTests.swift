import CMapGuard
@testable import CrumbEngine
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A file another process cuts short while crumbtui has it mapped (`app 2> crash.log` run again
/// while crash.log is open): reading past its new end must not kill crumbtui (SIGBUS).
///
/// In this process the SIGBUS is not raised for real: other suites run here at the same time,
/// and StateCrumbs' crash hook, when installed after the map guard, would take the signal for a
/// crash first (and freeze their recorder). The tests hand the guard the fault the kernel
/// would have raised; the viewer test in tmux takes real ones.
@Suite(.serialized) struct MappedFileCutShortTests {
    /// What the kernel does on a read past the end of the file `source` maps: a SIGBUS for the
    /// first page past it, which the guard answers with zeros from there on.
    private func readPastTheEnd(of source: CrumbSource, newSize: Int) -> Bool {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var info = siginfo_t()
        info.si_signo = SIGBUS
        info.si_code = Int32(BUS_ADRERR)
        info._sifields._sigfault.si_addr = UnsafeMutableRawPointer(mutating: source.base) + (newSize / page + 1) * page
        return mg_handle_fault(SIGBUS, &info) == 1
    }

    /// A JSON Lines file of `count` crumbs (about 90 bytes each).
    private func crumbFile(_ count: Int) throws -> String {
        var text = ""
        for i in 0..<count {
            text += #"{"event":"step","ts":"2025-12-30T10:23:45.123456+00:00","thread":"MainThread","i":"\#(i)"}"# + "\n"
        }
        return try TestSupport.write(Array(text.utf8), named: "cut.jsonl")
    }

    @Test func aFileCutShortAfterItWasMappedLoadsWhatIsLeftAndSaysSo() throws {
        let path = try crumbFile(2_000)  // about 180 KB: dozens of pages
        let source = try InputFile.open(path).get()
        #expect(truncate(path, 1_000) == 0)  // cut after it was mapped, before it is read
        #expect(readPastTheEnd(of: source, newSize: 1_000))
        let store = CrumbStore()
        let report = CrumbLoader().load([source], into: store)[0]
        #expect(store.count <= 11, "only what is left of the file")
        #expect(store.problems.contains { $0.message.contains("cut short") && $0.message.contains("from byte 1000 on") },
                "\(store.problems)")
        #expect(!report.isUnusable)
    }

    @Test func aWholeFileSaysNothingAboutBeingCut() throws {
        let path = try crumbFile(2_000)
        let source = try InputFile.open(path).get()
        let store = CrumbStore()
        _ = CrumbLoader().load([source], into: store)
        #expect(store.count == 2_000)
        #expect(!store.problems.contains { $0.message.contains("cut short") })
        #expect(source.lostFrom == nil)
    }

    @Test func crumbsWhoseBytesWereCutAwayAreLeftOutOfWhatIsWritten() throws {
        let path = try crumbFile(2_000)
        let source = try InputFile.open(path).get()
        let store = CrumbStore()
        _ = CrumbLoader().load([source], into: store)
        #expect(store.count == 2_000)
        #expect(truncate(path, 1_000) == 0)  // cut after loading: most crumbs' bytes are gone
        #expect(readPastTheEnd(of: source, newSize: 1_000))
        for format in [CrumbFormat.json, .jsonl] {
            var out: [UInt8] = []
            let lost = CrumbWriter.write(store, (0..<UInt32(2_000)), format: format) { out += $0 }
            #expect(lost > 1_900 && lost < 2_000, "\(lost)")
            #expect(!out.contains(0), "no zero bytes in what is written")
            if format == .json {
                let array = try JSONSerialization.jsonObject(with: Data(out)) as? [Any]
                #expect(array?.count == 2_000 - lost)
            } else {
                #expect(out.filter { $0 == 0x0A }.count == 2_000 - lost)
            }
        }
    }

    @Test func partsReadAfterTheFileWasCutShortAreThereForWhatIsLeft() throws {
        let path = try crumbFile(2_000)
        let source = try InputFile.open(path).get()
        let store = CrumbStore()
        var loader = CrumbLoader()
        loader.parts = []
        _ = loader.load([source], into: store)
        #expect(store.count == 2_000)
        // Cut after the crumbs were loaded, before their fields are read.
        #expect(truncate(path, 1_000) == 0)
        #expect(readPastTheEnd(of: source, newSize: 1_000))
        let withField = FilterResult(try CrumbFilter("i:*"), in: store).matches
        #expect(!withField.isEmpty)
        #expect(withField.allSatisfy { store.location(of: Int($0)).offset < 1_000 })
        #expect(store.fieldEntries(of: 1_999).isEmpty, "a crumb whose bytes are gone has no fields")
    }

    @Test(.enabled(if: ViewerEndToEndTests.tmuxInstalled))
    func theViewerLivesOnWhenItsFileIsCutShortUnderIt() throws {
        let path = try crumbFile(2_000)
        let tmux = try TmuxSession(#""$CRUMBTUI" '\#(path)'"#, width: 100, height: 30)
        try tmux.waitFor("2,000 crumbs")
        #expect(truncate(path, 0) == 0)
        // A search reads every crumb's text from the mapped file: every page is now past its end.
        try tmux.send("/")
        try tmux.send("no-such-text", literal: true)
        try tmux.send("Enter")
        try tmux.send("G", "Enter")
        try tmux.waitFor("crumb 2,000 of 2,000")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        #expect(try tmux.terminalRestored())
    }
}
