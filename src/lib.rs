//! Workspace root package: owns the integration tests and benchmarks.
