"""Products: build, fit, write and pack; provenance and incremental builds."""
