#pragma once
// The terminal the program writes to. On Windows the console is switched to UTF-8 (Korean text
// and the · and → of the start-up lines) and to virtual-terminal sequences (colours); on Linux
// closed standard descriptors (0, 1, 2) are pointed at /dev/null before anything else opens one.
namespace lab {

// Called once at start by run_main().
void prepare_console();

// How many columns the terminal on `fd` has (Linux: TIOCGWINSZ; Windows: the console window),
// else $COLUMNS, else 80. A line redrawn with \r must fit in it: a longer one wraps, and each
// redraw then scrolls the screen.
int terminal_columns(int fd);

}  // namespace lab
