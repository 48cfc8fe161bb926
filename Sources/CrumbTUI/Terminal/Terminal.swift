import CNcurses
import CTerminalGuard
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Why the viewer cannot open a screen; said in one line, exit status 2.
struct TerminalError: Error {
    var message: String
}

/// The one place that talks to ncurses: opens the screen with `newterm` (never `initscr`, which
/// exits the process on an unknown TERM), copies cell grids to it, reads keys with a timeout,
/// and puts the terminal back as it was. Used by the main thread only.
final class Terminal {
    private let screen: OpaquePointer
    private let input: UnsafeMutablePointer<FILE>?
    private var closed = false
    private let colors: Bool

    /// Opens the screen on standard output. Keys come from standard input when it is the
    /// terminal, else from /dev/tty (`cat dump.json | crumbtui -`).
    static func open() throws(TerminalError) -> Terminal {
        SystemCharacterWidth.useUTF8Locale()
        guard isatty(1) == 1 else {
            throw TerminalError(message: "the viewer needs a terminal on standard output; use --print, --count or --stats to write crumbs to a pipe or file")
        }
        guard let term = getenv("TERM").map({ String(cString: $0) }), !term.isEmpty else {
            throw TerminalError(message: "TERM is not set, so the viewer cannot draw; set it (such as TERM=xterm-256color) or use --print")
        }
        var input: UnsafeMutablePointer<FILE>?
        if isatty(0) == 1 {
            input = fdopen(dup(0), "r")
        } else {
            input = fopen("/dev/tty", "r")
        }
        guard let input else {
            throw TerminalError(message: "no terminal to read keys from (/dev/tty cannot be opened)")
        }
        _ = tg_save_terminal(fileno(input))  // before curses changes the line settings
        // Before newterm: curses then leaves SIGINT and SIGTERM to the guard (it installs its
        // own, which exit with status 1, only where it finds the default).
        tg_arm(1)
        guard let screen = newterm(nil, cn_stdout(), input) else {
            tg_disarm()
            fclose(input)
            throw TerminalError(message: "unknown terminal type TERM=\(term); set TERM to one this system knows (such as xterm-256color)")
        }
        _ = set_term(screen)
        guard cn_can_address_cursor() != 0 else {
            endwin()
            tg_disarm()
            delscreen(screen)
            fclose(input)
            throw TerminalError(message: "terminal type TERM=\(term) cannot position the cursor; the viewer needs a full-screen terminal (or use --print)")
        }
        let noColor = getenv("NO_COLOR").map { String(cString: $0) }.map { !$0.isEmpty } ?? false
        return Terminal(screen: screen, input: input, colors: !noColor && has_colors())
    }

    private init(screen: OpaquePointer, input: UnsafeMutablePointer<FILE>, colors: Bool) {
        self.screen = screen
        self.input = input
        self.colors = colors
        cbreak()
        noecho()
        nonl()
        let window = cn_stdscr()
        keypad(window, true)
        _ = curs_set(0)
        _ = set_escdelay(25)
        _ = mousemask(cn_mouse_events(), nil)
        _ = mouseinterval(0)
        if colors {
            start_color()
            use_default_colors()
            let map: [CellColor: Int32] = [.red: COLOR_RED, .green: COLOR_GREEN, .yellow: COLOR_YELLOW,
                                           .blue: COLOR_BLUE, .magenta: COLOR_MAGENTA, .cyan: COLOR_CYAN]
            for color in CellColor.allCases where color != .normal {
                init_pair(Int16(color.rawValue), Int16(map[color]!), -1)
            }
        }
        tg_set_leave(Self.leaveSequence())
    }

    /// What puts the screen back if the viewer dies by a signal, from the terminal's own
    /// terminfo: the screen the shell had first (the guard keeps at most 255 bytes), then
    /// normal attributes, a visible cursor, keypad and mouse reports off.
    private static func leaveSequence() -> String {
        var sequence = ""
        for name in ["rmcup", "sgr0", "cnorm", "rmkx"] {
            if let value = cn_terminfo_string(name) { sequence += withoutPadding(String(cString: value)) }
        }
        sequence += "\u{1B}[?1000l\u{1B}[?1002l\u{1B}[?1006l"  // the mouse modes xterm-like terminals have
        return sequence + "\r\n"
    }

    /// A terminfo string without its `$<5>` delays, which only tputs understands.
    static func withoutPadding(_ capability: String) -> String {
        capability.replacing(/\$<[0-9.*\/]*>/, with: "")
    }

    deinit { close() }

    /// Puts the terminal back (idempotent).
    func close() {
        guard !closed else { return }
        closed = true
        endwin()
        tg_disarm()
        delscreen(screen)
        if let input { fclose(input) }
    }

    var size: (width: Int, height: Int) { (Int(cn_cols()), Int(cn_lines())) }

    /// Shows `grid`; ncurses sends only what changed since the last frame.
    func draw(_ grid: CellGrid) {
        let window = cn_stdscr()
        let (width, height) = size
        for y in 0..<min(grid.height, height) {
            var x = 0
            while x < min(grid.width, width) {
                // One run of cells with the same style, written in one call.
                let style = grid[x, y].style
                var text: [wchar_t] = []
                let start = x
                while x < min(grid.width, width), grid[x, y].style == style {
                    for scalar in grid[x, y].text.unicodeScalars { text.append(wchar_t(bitPattern: scalar.value)) }
                    x += 1
                }
                _ = wattr_set(window, attributes(style), Int16(colors ? style.color.rawValue : 0), nil)
                text.append(0)
                _ = mvwaddnwstr(window, Int32(y), Int32(start), text, Int32(text.count - 1))
            }
        }
        _ = wattr_set(window, 0, 0, nil)
        wnoutrefresh(window)
        doupdate()
    }

    private func attributes(_ style: CellStyle) -> attr_t {
        // Without colours, a colour still shows as bold so errors and threads stand out a bit.
        let bold = style.bold || (!colors && style.color == .red)
        return cn_attributes(0, bold ? 1 : 0, style.reverse ? 1 : 0, style.underline ? 1 : 0, style.dim ? 1 : 0)
    }

    /// The next key, waiting at most `milliseconds` (nil: none came).
    func readKey(milliseconds: Int) -> Key? {
        let window = cn_stdscr()
        wtimeout(window, Int32(milliseconds))
        var code: wint_t = 0
        let result = wget_wch(window, &code)
        if result == ERR { return nil }
        if result == KEY_CODE_YES { return functionKey(Int32(code)) }
        switch code {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 127, 8: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(code) + 0x60)))
        default:
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .character(Character(scalar))
        }
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .tab
        case KEY_RESIZE: return .resize(width: Int(cn_cols()), height: Int(cn_lines()))
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            if cn_mouse_is_wheel_up(event.bstate) != 0 { return .mouse(.wheelUp) }
            if cn_mouse_is_wheel_down(event.bstate) != 0 { return .mouse(.wheelDown) }
            if cn_mouse_is_press(event.bstate) != 0 { return .mouse(.press(x: Int(event.x), y: Int(event.y))) }
            return nil
        default: return nil
        }
    }
}
