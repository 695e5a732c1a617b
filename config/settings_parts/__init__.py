"""The blocks of config.settings that are built rather than written: each function reads
the environment through common.env and returns the value of one or more settings."""
