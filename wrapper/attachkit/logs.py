"""attachkit's logging: the `attachkit` logger and a child per vendor
(`attachkit.<vendor>`), silent unless the application configures it.

    import logging
    from attachkit import logs

    logs.enable(logging.INFO)       # to stderr, redacted; or configure `logging` yourself

Levels: DEBUG, each request and answer (method, URL, status, time, attempt); INFO, retries
with their reason and delay, waits for Retry-After, quotas and pacing over a second, token
grants, refreshes and logins; WARNING, truncated results, deprecated API versions, answers
that do not match the spec. No record holds a token, password, Authorization value or file
content, whoever configured the handlers. Without code: `ATTACHKIT_LOG=debug` (or `info`)
in the environment adds a stderr handler.
"""

from ._core.logs import (
    ENVIRONMENT_VARIABLE,
    HTTP_LOGGERS,
    LOGGER,
    configure_from_environment,
    enable,
    redact_records,
    vendor_logger,
)

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "HTTP_LOGGERS",
    "LOGGER",
    "configure_from_environment",
    "enable",
    "redact_records",
    "vendor_logger",
]
