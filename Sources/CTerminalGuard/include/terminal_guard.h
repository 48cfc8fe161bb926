// Puts the terminal back when the viewer dies by a signal (a Swift trap, a bad access,
// abort(), kill -SEGV, kill -USR1, Ctrl-\): the user's shell gets its screen, cursor and line
// settings back instead of a raw, invisible prompt on the viewer's full screen, and the process
// still dies by that signal (the shell sees 128 + N).
#ifndef CTERMINALGUARD_H
#define CTERMINALGUARD_H

#ifdef __cplusplus
extern "C" {
#endif

/// Remembers the settings of the terminal `fd` as they are now (before curses changes them).
/// Returns 0 when `fd` is not a terminal.
int tg_save_terminal(int fd);

/// Installs the handlers, for every signal whose default action ends the process (all but
/// SIGKILL and SIGSTOP, which cannot be caught; the real-time signals too; one the process
/// ignores stays ignored). Call it before curses opens the screen, so that curses leaves
/// SIGINT and SIGTERM to these handlers instead of installing its own.
///
/// On SIGINT, SIGTERM or SIGHUP the handler only records the signal (`tg_quit_signal`): the
/// viewer quits by its normal path, then calls `tg_end_by_quit_signal`. A second one before
/// that, and every other such signal, restores the saved settings and writes the leave
/// sequence (`tg_set_leave`) to `out_fd`, then the handler that was there before runs (Swift's
/// backtracer, or the default) and the process dies by the same signal.
void tg_arm(int out_fd);

/// Sets what is written to leave the full screen (at most 255 bytes: the terminal's own codes),
/// once curses knows the terminal. Only the first call counts.
void tg_set_leave(const char *leave);

/// The SIGINT, SIGTERM or SIGHUP that asked the viewer to quit; 0 when none did.
int tg_quit_signal(void);

/// Takes the handlers away again (after the viewer has put the terminal back itself); where
/// another handler has been installed over one of them since, that one stays and ours only
/// passes signals on to what was there before.
void tg_disarm(void);

/// Ends the process by the signal `tg_quit_signal` names, with its default action (status
/// 128 + N); returns when there is none. Call it once the terminal is back and the viewer has
/// cleaned up.
void tg_end_by_quit_signal(void);

#ifdef __cplusplus
}
#endif
#endif
