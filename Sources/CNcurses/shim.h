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

// The viewer's terminal layer: macros and globals Swift cannot see.
static inline FILE *cn_stdout(void) { return stdout; }
static inline attr_t cn_attributes(int pair, int bold, int reverse, int underline, int dim) {
    attr_t a = COLOR_PAIR(pair);
    if (bold) a |= A_BOLD;
    if (reverse) a |= A_REVERSE;
    if (underline) a |= A_UNDERLINE;
    if (dim) a |= A_DIM;
    return a;
}
static inline mmask_t cn_mouse_events(void) { return BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline int cn_mouse_is_wheel_up(mmask_t m) { return (m & BUTTON4_PRESSED) != 0; }
static inline int cn_mouse_is_wheel_down(mmask_t m) { return (m & BUTTON5_PRESSED) != 0; }
static inline int cn_mouse_is_press(mmask_t m) { return (m & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0; }
// Whether the terminal can move the cursor (TERM=dumb cannot): tigetstr gives NULL or -1 when not.
static inline int cn_can_address_cursor(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}
// A terminfo string capability, or NULL when the terminal has none.
static inline const char *cn_terminfo_string(const char *name) {
    char *value = tigetstr(name);
    return value == NULL || value == (char *)-1 ? NULL : value;
}
#endif
