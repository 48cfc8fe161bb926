// ncursesw for Swift. NCURSES_WIDECHAR must be set before the include, or cchar_t,
// get_wch and add_wch are missing (SwiftPM drops the -D flags pkg-config gives).
#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Not in Swift's Glibc module.
extern int wcwidth(wchar_t c);

// Globals that Swift 6 calls "not concurrency-safe": read them through functions.
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
#endif
