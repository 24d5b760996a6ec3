/* warning.c — user code that -Wall -Wextra warns about (an unused
 * parameter and variable); see CMakeLists.txt. */
int user_unused(int x);

int user_unused(int x) {
    int y;
    return 0;
}
