//! Readers and writers, one format per file.
