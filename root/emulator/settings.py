"""The emulator's settings: what can change while it runs, declared once.

They sit below the engine (which reads them) and the application (which serves them), so that neither
imports the other for them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Final, TypeGuard

NEXT_STYLES: Final = ("url", "token")
MAX_PAGE_SIZE_LIMIT: Final = 1_000_000
"""The largest ``max_page_size`` setting."""
MAX_BODY_TIMEOUT: Final = 3600.0
"""The longest ``body_timeout`` setting, in seconds."""
MAX_JOB_SECONDS: Final = 3600.0
"""The longest ``job_seconds`` setting."""


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _setting(default: Any, text: str, **argparse_options: Any) -> Any:
    """Declares a setting: its default, and the help and options of its command-line flag."""
    return field(default=default, metadata={"help": text, **argparse_options})


@dataclass
class Settings:
    """Settings that can change while the emulator runs: the one place they are declared.

    ``configure(**settings)``, ``create_app``, ``Emulator``, ``POST /_emulator/config`` and the command
    line (``--max-page-size`` ...) all take their names, defaults and help from these fields.

    Attributes:
        max_page_size: The largest ``page_size`` a listing honours (at most 1,000,000).
        next_style: ``"url"``: ``next``/``previous`` are full URLs; ``"token"``: they are bare cursors.
        public_url: Base of ``next``/``previous`` URLs; None means the request's own scheme and host.
        body_timeout: Seconds a request's body may take to arrive in full; a slower (or shorter than
            promised) body is answered 408 and its connection closed.
        request_log_bytes: The most the request log keeps, in bytes of its entries (bodies, headers,
            paths); the oldest entries go first, and a body larger than the whole bound is truncated.
        job_seconds: Seconds a job the service runs in the background (a calibration run, a batch
            execution) takes from its creation to its end: it reads as pending in the first tenth of
            that time, running until the end, then finished. 0 (the default): finished as soon as it
            is created. A job keeps the pace that was set when it was created.
    """

    max_page_size: int = _setting(1000, "largest page_size (default: %(default)s)", type=int, metavar="N")
    next_style: str = _setting("url", "next/previous as URLs or bare cursors", choices=NEXT_STYLES)
    public_url: str | None = _setting(None, "base of next/previous URLs (default: each request's own)", metavar="URL")
    body_timeout: float = _setting(
        5.0, "seconds a request body may take to arrive (default: %(default)s)", type=float, metavar="SECONDS"
    )
    request_log_bytes: int = _setting(
        32 * 1024 * 1024, "most bytes the request log keeps (default: %(default)s)", type=int, metavar="BYTES"
    )
    job_seconds: float = _setting(
        0.0,
        "seconds a calibration run or batch execution takes to finish (default: %(default)s, at once)",
        type=float,
        metavar="SECONDS",
    )

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Returns the settings' names."""
        return tuple(f.name for f in fields(cls))

    def replace(self, changes: Mapping[str, Any]) -> Settings:
        """Returns these settings with some changed.

        Raises:
            ValueError: An unknown name, or an invalid value.
        """
        unknown = sorted(set(changes) - set(self.names()))
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(unknown)}; known: {', '.join(self.names())}")
        return Settings(**(asdict(self) | dict(changes)))

    def __post_init__(self) -> None:
        max_page_size: object = self.max_page_size
        if not _is_int(max_page_size) or not 1 <= max_page_size <= MAX_PAGE_SIZE_LIMIT:
            raise ValueError(f"max_page_size must be an integer from 1 to {MAX_PAGE_SIZE_LIMIT}, not {max_page_size!r}")
        body_timeout: object = self.body_timeout
        if not _is_number(body_timeout) or not 0 < body_timeout <= MAX_BODY_TIMEOUT:
            # A comparison refuses NaN too.
            raise ValueError(
                f"body_timeout must be seconds above 0, at most {MAX_BODY_TIMEOUT:g}, not {body_timeout!r}"
            )
        job_seconds: object = self.job_seconds
        if not _is_number(job_seconds) or not 0 <= job_seconds <= MAX_JOB_SECONDS:
            raise ValueError(f"job_seconds must be seconds from 0 to {MAX_JOB_SECONDS:g}, not {job_seconds!r}")
        request_log_bytes: object = self.request_log_bytes
        if not _is_int(request_log_bytes) or request_log_bytes < 0:
            raise ValueError(f"request_log_bytes must be a non-negative integer, not {request_log_bytes!r}")
        if self.next_style not in NEXT_STYLES:
            raise ValueError(f"next_style must be one of {', '.join(NEXT_STYLES)}, not {self.next_style!r}")
        public_url: object = self.public_url
        if public_url is not None:
            if not isinstance(public_url, str) or not public_url.startswith(("http://", "https://")):
                raise ValueError(f"public_url must be an http(s) URL, not {public_url!r}")
            self.public_url = public_url.rstrip("/")
