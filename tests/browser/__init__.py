"""Real-browser tests: Playwright driving Debian's chromium, with axe-core checks."""
