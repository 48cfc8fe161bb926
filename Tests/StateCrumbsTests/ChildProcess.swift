import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program run to its end in a process group of its own, so that a test can tell whether it
/// left any process behind (the runtime backtracer starts a helper).
struct ChildProcess {
    struct Outcome {
        /// The process id it ran as.
        var pid: pid_t
        /// The exit status when it exited, nil when a signal ended it.
        var exitStatus: Int32?
        /// The signal that ended it.
        var signal: Int32?
        var stdout: String
        var stderr: String
        /// Whether any process of its group was still alive after it ended.
        var leftBehind: Bool
        /// What a shell would report: the status, or 128 + signal.
        var shellStatus: Int32 { exitStatus ?? (128 + (signal ?? 0)) }
    }

    var path: String
    var arguments: [String]
    var environment: [String: String] = [:]
    var removeFromEnvironment: [String] = []
    var directory: String?
    /// Called with the pid once the child runs (to send it a signal, say).
    var whileRunning: ((pid_t, _ stdoutPath: String) -> Void)?

    func run() throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outPath = folder + "/stdout", errPath = folder + "/stderr"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)

        var env = ProcessInfo.processInfo.environment
        for key in removeFromEnvironment { env.removeValue(forKey: key) }
        env.merge(environment) { $1 }
        // `env -C DIR` starts the program in DIR (posix_spawn's chdir is not in Swift's Glibc).
        let program = directory == nil ? path : "/usr/bin/env"
        let fullArguments = directory.map { ["/usr/bin/env", "-C", $0, path] + arguments } ?? [path] + arguments
        let argv = fullArguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        whileRunning?(pid, outPath)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}

        // The group is gone when kill(-pgid, 0) says ESRCH; give stragglers a moment.
        var leftBehind = true
        for _ in 0..<200 {
            if kill(-pid, 0) != 0 && errno == ESRCH { leftBehind = false; break }
            usleep(10_000)
        }
        if leftBehind { kill(-pid, SIGKILL) }

        let exited = status & 0x7f == 0
        return Outcome(
            pid: pid,
            exitStatus: exited ? (status >> 8) & 0xff : nil,
            signal: exited ? nil : status & 0x7f,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data(), as: UTF8.self),
            leftBehind: leftBehind)
    }
}
