import CStateCrumbs
import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import StateCrumbs

extension GlobalRecorder {
    /// The crash crumb as the crash path makes it (sc_crash_crumb_format), in this process and
    /// with a siginfo_t of the test's own: every si_code's name, what is left out when, and the
    /// thread's name as that thread's crumbs carry it. Real crashes: CrashTests.
    @Suite struct CrashCrumb {
        struct Made {
            var object: [String: Any]
            var keys: [String]
            subscript(key: String) -> String? { object[key] as? String }
        }

        static func make(_ signal: Int32, _ code: Int32, _ fill: (inout siginfo_t) -> Void = { _ in }) throws -> Made {
            var info = siginfo_t()
            info.si_signo = signal
            info.si_code = code
            fill(&info)
            var buffer = [UInt8](repeating: 0, count: Int(SC_CRASH_CRUMB_BYTES))
            let length = sc_crash_crumb_format(&buffer, signal, &info)
            let text = String(decoding: buffer[..<length], as: UTF8.self)
            let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
            let object = try #require(parsed as? [String: Any], "\(text)")
            return Made(object: object, keys: Fixture.keyOrder(ofObjectsIn: text).first ?? [])
        }

        /// Every si_code glibc names for the signals the hook catches, by glibc's constants where
        /// Swift imports them.
        static let glibcCodes: [(Int32, Int32, String)] = [
            (SIGILL, ILL_ILLOPC, "ILL_ILLOPC"), (SIGILL, ILL_ILLOPN, "ILL_ILLOPN"), (SIGILL, ILL_ILLADR, "ILL_ILLADR"),
            (SIGILL, ILL_ILLTRP, "ILL_ILLTRP"), (SIGILL, ILL_PRVOPC, "ILL_PRVOPC"), (SIGILL, ILL_PRVREG, "ILL_PRVREG"),
            (SIGILL, ILL_COPROC, "ILL_COPROC"), (SIGILL, ILL_BADSTK, "ILL_BADSTK"), (SIGILL, ILL_BADIADDR, "ILL_BADIADDR"),
            (SIGFPE, FPE_INTDIV, "FPE_INTDIV"), (SIGFPE, FPE_INTOVF, "FPE_INTOVF"), (SIGFPE, FPE_FLTDIV, "FPE_FLTDIV"),
            (SIGFPE, FPE_FLTOVF, "FPE_FLTOVF"), (SIGFPE, FPE_FLTUND, "FPE_FLTUND"), (SIGFPE, FPE_FLTRES, "FPE_FLTRES"),
            (SIGFPE, FPE_FLTINV, "FPE_FLTINV"), (SIGFPE, FPE_FLTSUB, "FPE_FLTSUB"), (SIGFPE, FPE_FLTUNK, "FPE_FLTUNK"),
            (SIGFPE, FPE_CONDTRAP, "FPE_CONDTRAP"),
            (SIGSEGV, SEGV_MAPERR, "SEGV_MAPERR"), (SIGSEGV, SEGV_ACCERR, "SEGV_ACCERR"), (SIGSEGV, SEGV_BNDERR, "SEGV_BNDERR"),
            (SIGSEGV, SEGV_PKUERR, "SEGV_PKUERR"), (SIGSEGV, SEGV_ACCADI, "SEGV_ACCADI"), (SIGSEGV, SEGV_ADIDERR, "SEGV_ADIDERR"),
            (SIGSEGV, SEGV_ADIPERR, "SEGV_ADIPERR"), (SIGSEGV, SEGV_MTEAERR, "SEGV_MTEAERR"),
            (SIGSEGV, SEGV_MTESERR, "SEGV_MTESERR"),
            (SIGBUS, BUS_ADRALN, "BUS_ADRALN"), (SIGBUS, BUS_ADRERR, "BUS_ADRERR"), (SIGBUS, BUS_OBJERR, "BUS_OBJERR"),
            (SIGBUS, BUS_MCEERR_AR, "BUS_MCEERR_AR"), (SIGBUS, BUS_MCEERR_AO, "BUS_MCEERR_AO"),
            // glibc's TRAP_* are not imported into Swift: their values from bits/siginfo-consts.h.
            (SIGTRAP, 1, "TRAP_BRKPT"), (SIGTRAP, 2, "TRAP_TRACE"), (SIGTRAP, 3, "TRAP_BRANCH"),
            (SIGTRAP, 4, "TRAP_HWBKPT"), (SIGTRAP, 5, "TRAP_UNK"),
        ].map { ($0.0, Int32($0.1), $0.2) }

        /// Codes any signal can have, by glibc's constants.
        static let generic: [(Int32, String)] = [
            (SI_USER, "SI_USER"), (SI_KERNEL, "SI_KERNEL"), (SI_QUEUE, "SI_QUEUE"), (SI_TIMER, "SI_TIMER"),
            (SI_MESGQ, "SI_MESGQ"), (SI_ASYNCIO, "SI_ASYNCIO"), (SI_SIGIO, "SI_SIGIO"), (SI_TKILL, "SI_TKILL"),
            (SI_DETHREAD, "SI_DETHREAD"), (SI_ASYNCNL, "SI_ASYNCNL"),
        ].map { (Int32($0.0), $0.1) }

        @Test func everyCodeHasItsName() throws {
            for (signal, code, name) in Self.glibcCodes {
                let made = try Self.make(signal, code)
                #expect(made["code"] == name)
                #expect(made["address"] == "0x0")  // a fault: the address, even when it is 0
            }
            for signal in [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGSYS] {
                for (code, name) in Self.generic {
                    let made = try Self.make(signal, code)
                    #expect(made["code"] == name)
                    #expect(made["signal"] == ExpectedCrash.names[signal])
                    #expect(made["address"] == nil, "\(name): no fault address")
                }
            }
            // Linux's codes that glibc 2.36 has no constant for.
            #expect(try Self.make(SIGSEGV, 10)["code"] == "SEGV_CPERR")
            #expect(try Self.make(SIGTRAP, 6)["code"] == "TRAP_PERF")
            #expect(try Self.make(SIGSYS, 2)["code"] == "SYS_USER_DISPATCH")
        }

        @Test func anUnknownCodeOrSignalIsNamedByItsNumber() throws {
            #expect(try Self.make(SIGSEGV, 99)["code"] == "code_99")
            #expect(try Self.make(SIGABRT, 1)["code"] == "code_1")  // ABRT has no codes of its own
            #expect(try Self.make(SIGBUS, -8)["code"] == "code_-8")
            #expect(try Self.make(SIGUSR1, Int32(SI_USER))["signal"] == "signal_\(SIGUSR1)")
        }

        @Test func aFaultNamesItsAddress() throws {
            let made = try Self.make(SIGSEGV, Int32(SEGV_ACCERR)) {
                $0._sifields._sigfault.si_addr = UnsafeMutableRawPointer(bitPattern: UInt(bitPattern: -8))
            }
            #expect(made["address"] == "0xfffffffffffffff8")
            #expect(made.keys == ["event", "ts", "thread", "signal", "code", "address", "pid"])
            #expect(made["event"] == "statecrumbs.crash")
            #expect(made["pid"] == String(getpid()))
            #expect(made["sender_pid"] == nil)
        }

        @Test func aSignalFromAnotherProcessNamesTheSender() throws {
            let sender = getppid()  // any process but this one
            for code in [SI_USER, SI_QUEUE, SI_TKILL].map(Int32.init) {
                let other = try Self.make(SIGSEGV, code) { $0._sifields._kill.si_pid = sender }
                #expect(other["sender_pid"] == String(sender))
                #expect(other.keys == ["event", "ts", "thread", "signal", "code", "pid", "sender_pid"])
                let own = try Self.make(SIGSEGV, code) { $0._sifields._kill.si_pid = getpid() }
                #expect(own["sender_pid"] == nil)  // raise, abort: the process itself
            }
            let kernel = try Self.make(SIGSEGV, Int32(SI_KERNEL)) { $0._sifields._kill.si_pid = sender }
            #expect(kernel["sender_pid"] == nil && kernel["address"] == nil)
        }

        @Test func seccompNamesTheSystemCall() throws {
            let made = try Self.make(SIGSYS, 1) {
                $0._sifields._sigsys._call_addr = UnsafeMutableRawPointer(bitPattern: 0x7f00_dead_beef)
                $0._sifields._sigsys._syscall = 231
            }
            #expect(made["code"] == "SYS_SECCOMP")
            #expect(made.keys == ["event", "ts", "thread", "signal", "code", "address", "syscall", "pid"])
            #expect(made["address"] == "0x7f00deadbeef" && made["syscall"] == "231")
        }

        /// On its own thread: the crash crumb's name, made before the thread's first crumb or
        /// after it, is the name that thread's crumbs carry.
        static func names(on thread: @escaping @Sendable () -> Void)
            -> (crashFirst: String?, crumb: String?, crashAfter: String?) {
            let result = Mutex<(String?, String?, String?)>((nil, nil, nil))
            let done = DispatchSemaphore(value: 0)
            let worker = Thread {
                thread()
                let first = try? Self.make(SIGSEGV, Int32(SEGV_MAPERR))["thread"]
                crumb("named")
                let last = Crumbs.snapshot().last { $0.event == "named" }?.thread
                let after = try? Self.make(SIGSEGV, Int32(SEGV_MAPERR))["thread"]
                result.withLock { $0 = (first, last, after) }
                done.signal()
            }
            worker.start()
            done.wait()
            return result.withLock { $0 }
        }

        /// glibc's pthread_setname_np for the calling thread (Swift's Glibc module leaves it out).
        static func setKernelName(_ name: String) -> Int32 {
            typealias SetName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32
            guard let symbol = dlsym(nil, "pthread_setname_np") else { return -1 }
            return unsafeBitCast(symbol, to: SetName.self)(pthread_self(), name)
        }

        @Test func theThreadIsNamedAsItsCrumbsNameIt() throws {
            Fixture.reset()
            let hostile = Self.names { Crumbs.setThreadName("w\"7\\\n\u{1}é") }
            #expect(hostile.crumb == "w\"7\\\n\u{1}é")
            #expect(hostile.crashFirst == hostile.crumb && hostile.crashAfter == hostile.crumb)
            // Named for the kernel only (15 bytes at most), with no crumb before the crash crumb.
            // pthread_setname_np, not Foundation's `Thread.current.name`: that one names the thread
            // only once the thread that started it has stored its handle, which a thread that
            // runs at once (seen under ThreadSanitizer) can beat.
            let kernel = Self.names { _ = Self.setKernelName("kernel \"name\"") }
            #expect(kernel.crumb == "kernel \"name\"")
            #expect(kernel.crashFirst == kernel.crumb && kernel.crashAfter == kernel.crumb)
            let unnamed = Self.names {}
            #expect(unnamed.crumb?.wholeMatch(of: /Thread-\d+/) != nil)
            #expect(unnamed.crashFirst == unnamed.crumb && unnamed.crashAfter == unnamed.crumb)
        }

        @Test func outsideACrashThereIsNoCrashCrumb() throws {
            Fixture.reset()
            crumb("ordinary")
            _ = try Self.make(SIGILL, Int32(ILL_ILLOPN))
            var length = 1
            _ = sc_crash_crumb(&length)
            #expect(length == 0)
            #expect(Crumbs.snapshot().map(\.event) == ["ordinary"])
        }
    }
}
