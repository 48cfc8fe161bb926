// Puts the terminal back when the viewer dies by a signal (a Swift trap, a bad access,
// abort(), kill -SEGV, Ctrl-\): the user's shell gets its screen, cursor and line settings
// back instead of a raw, invisible prompt on the viewer's full screen.
#ifndef CTERMINALGUARD_H
#define CTERMINALGUARD_H

#ifdef __cplusplus
extern "C" {
#endif

/// Remembers the settings of the terminal `fd` as they are now (before curses changes them).
/// Returns 0 when `fd` is not a terminal.
int tg_save_terminal(int fd);

/// Installs the handlers: on SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGSYS and SIGQUIT the
/// saved settings are restored and `leave` (at most 255 bytes: the terminal's codes to leave
/// the full screen) is written to `out_fd`, then the handler that was there before runs (Swift's
/// backtracer, or the default) and the process dies by the same signal.
void tg_arm(int out_fd, const char *leave);

/// Takes the handlers away again (after the viewer has put the terminal back itself); where
/// another handler has been installed over one of them since, that one stays and ours only
/// passes signals on to what was there before.
void tg_disarm(void);

#ifdef __cplusplus
}
#endif
#endif
