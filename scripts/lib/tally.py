"""The tally of the Python test scripts: one line per check (`ok` or
`FAIL` with what went wrong), then the line "N passed, N failed" that
scripts/test-all.sh adds up."""


class Tally:
    """Counts checks and prints each one as it is made."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, label, ok, detail=""):
        """Records one check; prints `detail` (cut at 4,000 characters) when it fails."""
        if ok:
            self.passed += 1
            print(f"ok   {label}")
        else:
            self.failed += 1
            print(f"FAIL {label}\n{detail}"[:4000] if detail else f"FAIL {label}")
        return ok

    def summary(self):
        """Prints the closing line; the exit code: 1 when a check failed."""
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0
