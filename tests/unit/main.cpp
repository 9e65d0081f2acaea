// The unit test runner: every tests/unit/test_*.cpp is linked into one binary.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
