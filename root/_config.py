"""Client options: API key and base URL discovery, timeouts, and the "not given" sentinel.

Nothing here does I/O beyond reading ``./.env`` once, and nothing here imports the HTTP libraries, so
building a :class:`~root.client.RootSignals` stays cheap.
"""

from __future__ import annotations

import os
from typing import Any, Final, Literal, NamedTuple

from root.errors import InvalidArgumentError, MissingAPIKeyError

API_KEY_ENV: Final = "ROOTSIGNALS_API_KEY"
BASE_URL_ENV: Final = "ROOTSIGNALS_API_URL"
LOG_ENV: Final = "ROOTSIGNALS_LOG"
LOGGER_NAME: Final = "rootsignals"
"""The SDK's logger. Not "root": ``logging.getLogger("root")`` is Python's root logger."""
DEFAULT_BASE_URL: Final = "https://api.app.rootsignals.ai"
SCORABLE_API_KEY_ENV: Final = "SCORABLE_API_KEY"
SCORABLE_BASE_URL_ENV: Final = "SCORABLE_API_URL"
SCORABLE_DEFAULT_BASE_URL: Final = "https://api.scorable.ai"
DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_MAX_CONNECTIONS: Final = 100
MAX_CONNECTIONS: Final = 10_000
"""The largest ``max_connections`` accepted: urllib3 fills a queue with one slot per connection when it
opens a pool, so a huge limit would hang the first request while using up memory."""
MAX_TIMEOUT: Final = 86_400.0
"""The longest timeout accepted, in seconds: one day.

The transports cannot represent every number: urllib3 waits with ``poll()``, whose timeout is a C ``int`` of
milliseconds (about 24.8 days at most), ``socket.settimeout`` overflows a little past 292 years, and an
infinite timeout breaks both urllib3 and aiohttp. A bound well inside all of them, checked before anything
is sent, keeps a too-large timeout from failing mid-request; and no API request should take a day.
"""


class NotGiven:
    """The type of :data:`NOT_GIVEN`: "the caller did not pass this argument".

    ``None`` cannot play this part where ``None`` is itself a meaningful value: ``update(url=None)``
    clears a model's URL, while leaving ``url`` out keeps it. The sentinel is falsy and has a stable
    ``repr`` so that it reads well in signatures and docs.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


class Timeout:
    """How long a request may take, in seconds. Immutable.

    Args:
        total: The whole request: connecting, sending and reading the response.
        connect: Establishing the connection; never longer than ``total``.

    Raises:
        InvalidArgumentError: A value that is not a finite positive number of at most
            :data:`MAX_TIMEOUT` seconds (also a ``ValueError``).
    """

    # A plain class rather than a dataclass: importing dataclasses costs more than building a client.
    __slots__ = ("connect", "total")

    total: float
    connect: float

    def __init__(self, total: float = 60.0, connect: float = 5.0) -> None:
        for name, value in (("total", total), ("connect", connect)):
            # ``not 0 < value <= MAX_TIMEOUT`` also refuses NaN and infinity; compared before float() so
            # that a huge int is refused rather than overflowing.
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_TIMEOUT:
                raise InvalidArgumentError(
                    f"Timeout.{name} must be a positive number of seconds, at most {MAX_TIMEOUT:g} (one day), "
                    f"not {value!r}; there is no 'wait forever'"
                )
        object.__setattr__(self, "total", float(total))
        object.__setattr__(self, "connect", float(min(connect, total)))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Timeout is immutable; make a new one")

    def __repr__(self) -> str:
        return f"Timeout(total={self.total!r}, connect={self.connect!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeout):
            return NotImplemented
        return (self.total, self.connect) == (other.total, other.connect)

    def __hash__(self) -> int:
        return hash((self.total, self.connect))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Timeout, (self.total, self.connect))

    def with_total(self, total: float) -> Timeout:
        """The same timeout with another ``total`` (``connect`` capped by it)."""
        return Timeout(total=total, connect=min(self.connect, total))

    def as_pair(self) -> tuple[float, float]:
        """``(connect, total)``: the form the transports take per request."""
        return (self.connect, self.total)


DEFAULT_TIMEOUT: Final = Timeout()


def coerce_timeout(value: float | Timeout) -> Timeout:
    """A :class:`Timeout` from a number of seconds (the whole request) or a :class:`Timeout`."""
    if isinstance(value, Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgumentError(
            f"timeout must be a number of seconds or root.Timeout, not {type(value).__name__}; "
            "there is no 'wait forever'"
        )
    return DEFAULT_TIMEOUT.with_total(value)


def coerce_deadline(value: float | None) -> float | None:
    """Check a deadline: ``None`` (none), or a positive number of seconds of at most :data:`MAX_TIMEOUT`."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_TIMEOUT:
        raise InvalidArgumentError(
            f"deadline must be a positive number of seconds, at most {MAX_TIMEOUT:g} (one day), or None, not {value!r}"
        )
    return float(value)


def coerce_max_retries(value: int) -> int:
    """Check a retry count: a whole number, zero or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidArgumentError(f"max_retries must be a whole number >= 0, not {value!r}")
    return value


class ClientOptions:
    """Everything a :class:`~root.client.RootSignals` was configured with.

    The key is kept out of ``repr`` so that it never reaches a log or a traceback.
    """

    __slots__ = (
        "api_key",
        "base_url",
        "deadline",
        "max_connections",
        "max_retries",
        "proxy",
        "ssl_ca_cert",
        "timeout",
    )

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        proxy: str | None = None,
        ssl_ca_cert: str | None = None,
        deadline: float | None = None,
    ) -> None:
        self.api_key = api_key
        self.deadline = deadline
        self.base_url = base_url
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_connections = max_connections
        self.proxy = proxy
        self.ssl_ca_cert = ssl_ca_cert

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__ if name != "api_key")
        return f"ClientOptions({shown})"

    def replace(self, **changes: Any) -> ClientOptions:
        """A copy with some options changed."""
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return ClientOptions(**values)


class Environment(NamedTuple):
    """Where a client face finds what it is not given: the variables it reads and the service's URL.

    ``RootSignals`` (the 1.6 face) reads :data:`ROOTSIGNALS`, ``scorable.Scorable`` (the 1.15 face)
    :data:`SCORABLE`. Only the names differ; the rules (argument, then variable, then ``./.env``) are one.
    """

    api_key_env: str
    """The variable holding the API key; a line of ``./.env`` may set it too."""
    base_url_env: str
    """The variable holding the service's URL."""
    default_base_url: str
    """The URL when neither the argument nor the variable gives one."""
    client: str
    """The client class's name, for messages."""
    service: str
    """The service's name, for messages."""


ROOTSIGNALS: Final = Environment(API_KEY_ENV, BASE_URL_ENV, DEFAULT_BASE_URL, "RootSignals", "Root Signals")
SCORABLE: Final = Environment(
    SCORABLE_API_KEY_ENV, SCORABLE_BASE_URL_ENV, SCORABLE_DEFAULT_BASE_URL, "Scorable", "Scorable"
)

_DOTENV_LINE = r"""^\s*(?:export\s+)?{variable}\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^#]*?)\s*(?:\#.*)?$"""


def read_dotenv_key(path: str, variable: str = API_KEY_ENV) -> str | None:
    """The ``ROOTSIGNALS_API_KEY=...`` value (or ``variable``'s) of a ``.env`` file, or ``None``.

    Quotes (single or double), ``export``, spaces around ``=`` and trailing comments are tolerated.
    """
    import re

    try:
        with open(path, encoding="utf-8") as file:
            text = file.read()
    except (FileNotFoundError, IsADirectoryError, PermissionError, UnicodeDecodeError):
        return None
    pattern = _DOTENV_LINE.format(variable=re.escape(variable))
    for line in text.splitlines():
        match = re.match(pattern, line)
        if match:
            value = match.group("value").strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            return value or None
    return None


_KEY_CHARACTER_NAMES: Final = {"\r": "a carriage return (CR)", "\n": "a line feed (LF)", "\t": "a tab", " ": "a space"}


def check_api_key(key: str, source: str) -> str:
    """``key`` if an HTTP header can carry it as is, the same way over urllib3 and aiohttp.

    A key is printable ASCII (``!`` to ``~``), spaces excepted: no control character (CR and LF would
    split the header), no space or tab inside it, and nothing beyond ASCII, which urllib3 would send as
    Latin-1 and aiohttp as UTF-8, or not at all.

    Args:
        key: The key, stripped of surrounding whitespace.
        source: Where it came from, for the message: ``"api_key"`` or the variable or file's name.

    Raises:
        InvalidArgumentError: A character no header may carry. The message names the character and its
            position, never the key.
    """
    for position, char in enumerate(key):
        if not "!" <= char <= "~":
            what = _KEY_CHARACTER_NAMES.get(char)
            if what is None:
                kind = "a control character" if ord(char) < 0x20 or ord(char) == 0x7F else "a non-ASCII character"
                what = f"{kind} (U+{ord(char):04X})"
            raise InvalidArgumentError(
                f"The API key from {source} contains {what} at position {position + 1} of {len(key)}; an API key "
                "is printable ASCII without spaces, as HTTP headers carry it (the key is not shown here)"
            )
    return key


def resolve_api_key(api_key: str | None, environment: Environment = ROOTSIGNALS) -> str:
    """The key from the argument, else ``ROOTSIGNALS_API_KEY``, else ``./.env``, checked by :func:`check_api_key`.

    ``environment`` names the variable (``SCORABLE_API_KEY`` for :data:`SCORABLE`).

    Raises:
        MissingAPIKeyError: None of the three gave a key, or ``api_key`` is blank.
        InvalidArgumentError: ``api_key`` is not a string (the message names its type), or the key has
            a character no HTTP header may carry; the message says where
            the key came from, and does not show it.
    """
    if api_key is not None:
        if not isinstance(api_key, str):
            raise InvalidArgumentError(f"api_key must be a string, not {type(api_key).__name__}")
        if not api_key.strip():
            raise MissingAPIKeyError("api_key must be a non-empty string")
        return check_api_key(api_key.strip(), "the api_key argument")
    variable = environment.api_key_env
    from_env = os.environ.get(variable, "").strip()
    if from_env:
        return check_api_key(from_env, f"the {variable} environment variable")
    from_file = read_dotenv_key(os.path.join(os.getcwd(), ".env"), variable)
    if from_file:
        return check_api_key(from_file, f"the {variable}=... line of ./.env")
    raise MissingAPIKeyError(
        f"No {environment.service} API key found. Pass {environment.client}(api_key=...), set the "
        f"{variable} environment variable, or put a {variable}=... line in ./.env"
    )


def _check_http_url(name: str, url: object) -> str:
    import re

    if not isinstance(url, str) or not re.match(r"^https?://[^/\s]+", url):
        raise InvalidArgumentError(f"{name} must be an http:// or https:// URL, not {url!r}")
    return url


def resolve_base_url(base_url: str | None, environment: Environment = ROOTSIGNALS) -> str:
    """The base URL from the argument, else ``ROOTSIGNALS_API_URL``, else the public service.

    ``environment`` names the variable and the service (``SCORABLE_API_URL`` and
    ``https://api.scorable.ai`` for :data:`SCORABLE`).

    Raises:
        InvalidArgumentError: The URL is not http(s); the message names the variable it came from.
    """
    if base_url is not None:
        return _check_http_url("base_url", base_url).rstrip("/")
    from_env = os.environ.get(environment.base_url_env, "").strip()
    if from_env:
        return _check_http_url(f"The {environment.base_url_env} environment variable", from_env).rstrip("/")
    if environment is ROOTSIGNALS:
        # The module's constant, read now: the docs' tests point it at an emulator.
        return DEFAULT_BASE_URL
    return environment.default_base_url


def check_max_connections(value: int) -> int:
    """Check a connection limit: a whole number from 1 to :data:`MAX_CONNECTIONS`."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_CONNECTIONS:
        raise InvalidArgumentError(f"max_connections must be a whole number from 1 to {MAX_CONNECTIONS}, not {value!r}")
    return value


def check_proxy(proxy: str | None) -> str | None:
    """Check a proxy URL (``None``: the environment's, if any)."""
    return None if proxy is None else _check_http_url("proxy", proxy)


def check_ca_file(path: str | None) -> str | None:
    """Check that a CA bundle file exists (it is loaded on the first TLS connection)."""
    if path is not None and not (isinstance(path, str) and os.path.isfile(path)):
        raise InvalidArgumentError(f"ssl_ca_cert must be the path of a CA bundle file, not {path!r}")
    return path


LOG_LEVELS: Final = ("debug", "info", "warning", "error")
"""The values ``ROOTSIGNALS_LOG`` accepts (any case); unset or empty means no log output."""
_warned_log_values: set[str] = set()


def log_level_from_env() -> str | None:
    """The level ``ROOTSIGNALS_LOG`` asks for, upper case, or ``None``; an unknown value warns once."""
    value = os.environ.get(LOG_ENV, "").strip()
    if not value:
        return None
    if value.lower() in LOG_LEVELS:
        return value.upper()
    if value not in _warned_log_values:
        _warned_log_values.add(value)
        import warnings

        warnings.warn(
            f"{LOG_ENV}={value!r} is not a log level this SDK knows; use one of {', '.join(LOG_LEVELS)}. "
            "Nothing is logged.",
            stacklevel=4,
        )
    return None


class CallOptions:
    """The per-request options a sub-API applies: timeout, retry count and deadline."""

    __slots__ = ("deadline", "max_retries", "timeout")

    def __init__(
        self, timeout: Timeout = DEFAULT_TIMEOUT, max_retries: int = DEFAULT_MAX_RETRIES, deadline: float | None = None
    ) -> None:
        self.timeout = timeout
        self.max_retries = max_retries
        self.deadline = deadline

    def timeout_pair(self, request_timeout: float | None) -> tuple[float, float]:
        """``(connect, total)`` for one call: the client's timeout, or ``request_timeout`` seconds.

        Raises:
            InvalidArgumentError: ``request_timeout`` is not a positive number of at most :data:`MAX_TIMEOUT`
                seconds. Every method calls this before it sends anything.
        """
        if request_timeout is None:
            return self.timeout.as_pair()
        try:
            return self.timeout.with_total(request_timeout).as_pair()
        except (TypeError, ValueError) as exc:
            raise InvalidArgumentError(
                f"_request_timeout must be a positive number of seconds, at most {MAX_TIMEOUT:g} (one day), "
                f"or None, not {request_timeout!r}"
            ) from exc
