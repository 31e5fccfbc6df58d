"""Fault injection: make chosen requests fail, stall, hang or lose their connection.

A :class:`FaultConfig` says *which* requests are hit and *what* happens to them. The same keys are used
everywhere a fault can be set: ``Emulator.set_faults(**keys)``, ``FaultConfig(**keys)``,
``FaultConfig.from_mapping(keys)``, the JSON body of ``POST /_emulator/faults`` and (as ``--flags``) the
command line.

Which requests (all optional; a request must pass every one that is set):

``methods``
    HTTP methods, as a list or a comma-separated string (``"POST,GET"``).
``path_prefix``
    Only paths starting with this (``"/v1/models/"``).
``first``
    Only the first N requests that pass ``methods`` and ``path_prefix``; later ones are served normally.
``fraction``
    Each such request is hit with this probability (0 to 1), drawn from ``random.Random(seed)``, so a
    given seed always hits the same requests in the same order.
``seed``
    The seed for ``fraction``; defaults to the emulator's ``seed``.

What happens (at least one; ``status``, ``hang`` and ``drop`` exclude each other; ``delay`` combines
with any of them):

``status``
    Answer with this HTTP status (400-599) and ``{"detail": ...}`` without acting on the request.
``retry_after``
    With ``status``: the ``Retry-After`` header, in seconds (``"2"``) or an HTTP date.
``detail``
    With ``status``: the ``detail`` message, instead of one that fits the status.
``delay``
    Wait this many seconds (at most 3600) first, then go on (with the normal answer when nothing else is
    set).
``hang``
    Never answer; the request ends when the client gives up or the emulator stops.
``drop``
    Close the connection without a (whole) response: ``"before"`` acting on the request, ``"after"``
    acting on it (a create really creates), or ``"mid"``: act, then send the status line, headers and part
    of the body before closing (when the answer has no body, as 204s and HEADs, the status line is cut
    short instead).

Admin requests (``/_emulator/...``) are never faulted. Setting a fault restarts its ``first`` count and
its random sequence.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, Final

DROP_MODES: Final = ("before", "after", "mid")
MAX_DELAY: Final = 3600
"""The longest ``delay``, in seconds: long enough for any test, short enough that nothing waits for ever."""
MAX_RETRY_AFTER: Final = 10**9
"""The largest ``retry_after`` given as a number (about 31 years)."""

_DETAILS: Final = {
    429: "Request was throttled.",
    500: "A server error occurred.",
    502: "Bad gateway.",
    503: "Service temporarily unavailable, try again later.",
    504: "Gateway timeout.",
}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _default_detail(status: int, retry_after: str | None) -> str:
    detail = _DETAILS.get(status)
    if detail is None:
        try:
            detail = HTTPStatus(status).phrase + "."
        except ValueError:
            detail = "Error."
    if status == 429 and retry_after is not None and retry_after.isdigit():
        detail += f" Expected available in {retry_after} second{'' if retry_after == '1' else 's'}."
    return detail


def _key(flag: str | None = None, text: str = "", **argparse_options: Any) -> Any:
    """Declares a fault key: its default (None) and, with ``flag``, its command-line option."""
    cli = {"flag": flag, "help": text, **argparse_options} if flag is not None else None
    return field(default=None, metadata={"cli": cli})


@dataclass(frozen=True)
class FaultConfig:
    """Which requests to disturb and how; see the module docstring for every key.

    The fields are the fault keys: ``Emulator.set_faults(**keys)``, :meth:`from_mapping`, :meth:`to_dict`,
    the admin endpoint and the command line all take them from here.

    Args:
        status: HTTP status to answer with, 400-599.
        first: Only the first N matching requests.
        fraction: Probability (0-1) that a matching request is hit.
        retry_after: ``Retry-After`` value (seconds or an HTTP date) sent with ``status``.
        detail: ``detail`` message sent with ``status``.
        delay: Seconds to wait before going on.
        hang: Never answer.
        drop: ``"before"``, ``"after"`` or ``"mid"``: lose the connection at that point.
        methods: HTTP methods to match, a list or a comma-separated string; kept as a frozenset of upper
            case names.
        path_prefix: Path prefix to match.
        seed: Seed for ``fraction``.

    Raises:
        ValueError: A value has the wrong type or range, or the combination makes no sense.
    """

    status: int | None = _key("--fail-status", "answer with status S", type=int, metavar="S")
    first: int | None = _key("--fail-first", "only the first N requests", type=int, metavar="N")
    fraction: float | None = _key("--fail-fraction", "a fraction F of them", type=float, metavar="F")
    retry_after: str | float | None = _key(
        "--retry-after", "Retry-After with --fail-status (seconds or date)", metavar="V"
    )
    detail: str | None = _key("--fail-detail", "detail with --fail-status", metavar="TEXT")
    delay: float | None = _key("--delay", "wait before answering", type=float, metavar="SECONDS")
    hang: bool = field(
        default=False, metadata={"cli": {"flag": "--hang", "help": "never answer", "action": "store_true"}}
    )
    drop: str | None = _key("--drop", "close the connection before/after acting, or mid-body", choices=DROP_MODES)
    methods: str | Iterable[str] | None = _key("--fault-methods", "only these methods (POST,GET)", metavar="M,M")
    path_prefix: str | None = _key("--fault-path-prefix", "only paths under PATH", metavar="PATH")
    # On the command line the emulator's own --seed seeds fraction.
    seed: int | None = _key()

    # Derived in __post_init__, so a hit costs no encoding work.
    kind: str = field(init=False, repr=False, compare=False)
    body: bytes = field(init=False, repr=False, compare=False)
    headers: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        status, first, fraction = self.status, self.first, self.fraction
        retry_after, detail, delay, hang = self.retry_after, self.detail, self.delay, self.hang
        drop, methods, path_prefix, seed = self.drop, self.methods, self.path_prefix, self.seed
        if status is not None and not (_is_int(status) and 400 <= status <= 599):
            raise ValueError(f"status must be an integer from 400 to 599, not {status!r}")
        if first is not None and not (_is_int(first) and first >= 0):
            raise ValueError(f"first must be a non-negative integer, not {first!r}")
        if fraction is not None and not (_is_number(fraction) and 0.0 <= fraction <= 1.0):
            raise ValueError(f"fraction must be a number from 0 to 1, not {fraction!r}")
        if retry_after is not None:
            if _is_number(retry_after) and not isinstance(retry_after, str):
                if not (0 <= retry_after <= MAX_RETRY_AFTER):
                    raise ValueError(f"retry_after must be seconds from 0 to {MAX_RETRY_AFTER}, not {retry_after!r}")
                # Whole seconds are sent as "2", not "2.0", as servers do.
                retry_after = str(int(retry_after)) if float(retry_after).is_integer() else str(retry_after)
            # It becomes a header value: printable ASCII, no control character or line break.
            text = retry_after if isinstance(retry_after, str) else ""
            if not (text.strip() and text.isascii() and text.isprintable()):
                raise ValueError(f"retry_after must be seconds or an HTTP date, not {retry_after!r}")
            retry_after = text.strip()
        if detail is not None and not isinstance(detail, str):
            raise ValueError(f"detail must be a string, not {detail!r}")
        if delay is not None and not (_is_number(delay) and 0 <= delay <= MAX_DELAY):
            # A comparison also refuses NaN; infinity or 1e400 would stall every request for good.
            raise ValueError(f"delay must be a number of seconds from 0 to {MAX_DELAY}, not {delay!r}")
        if not isinstance(hang, bool):
            raise ValueError(f"hang must be true or false, not {hang!r}")
        if drop is not None and drop not in DROP_MODES:
            raise ValueError(f"drop must be one of {', '.join(DROP_MODES)}, not {drop!r}")
        if seed is not None and not _is_int(seed):
            raise ValueError(f"seed must be an integer, not {seed!r}")
        if path_prefix is not None and not (isinstance(path_prefix, str) and path_prefix.startswith("/")):
            raise ValueError(f"path_prefix must be a string starting with '/', not {path_prefix!r}")
        method_set: frozenset[str] | None = None
        if methods is not None:
            items = methods.split(",") if isinstance(methods, str) else methods
            try:
                method_set = frozenset(m.strip().upper() for m in items if m.strip())
            except (AttributeError, TypeError):
                raise ValueError(f"methods must be method names, not {methods!r}") from None
            if not method_set:
                raise ValueError("methods must name at least one HTTP method")

        actions = [name for name, on in (("status", status), ("hang", hang), ("drop", drop)) if on]
        if len(actions) > 1:
            raise ValueError(f"{' and '.join(actions)} cannot be combined; choose one")
        if not actions and not delay:
            raise ValueError("a fault needs status, delay, hang or drop")
        if status is None and (retry_after is not None or detail is not None):
            raise ValueError("retry_after and detail only apply together with status")

        body = b""
        headers: dict[str, str] = {}
        if status is not None:
            text = detail if detail is not None else _default_detail(status, retry_after)
            body = json.dumps({"detail": text}, ensure_ascii=False).encode()
            if retry_after is not None:
                headers["Retry-After"] = retry_after
        kind = "status" if status is not None else "hang" if hang else f"drop-{drop}" if drop else "delay"
        normalized = {
            "fraction": float(fraction) if fraction is not None else None,
            "retry_after": retry_after,
            "delay": float(delay) if delay else None,
            "methods": method_set,
            "kind": kind,
            "body": body,
            "headers": headers,
        }
        for name, value in normalized.items():
            object.__setattr__(self, name, value)

    @classmethod
    def fault_keys(cls) -> tuple[dataclasses.Field[Any], ...]:
        """Returns the fault keys: the fields a caller sets."""
        return tuple(f for f in dataclasses.fields(cls) if f.init)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> FaultConfig:
        """Builds a config from a mapping, such as a decoded JSON body.

        Raises:
            ValueError: An unknown key, or any error :class:`FaultConfig` raises.
        """
        known = [f.name for f in cls.fault_keys()]
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ValueError(f"unknown fault keys: {', '.join(unknown)}; known: {', '.join(known)}")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """Returns the keys that are set, JSON-ready."""
        data: dict[str, Any] = {}
        for key in self.fault_keys():
            value = getattr(self, key.name)
            if isinstance(value, frozenset):
                value = sorted(value)
            if value is not None and value is not False:
                data[key.name] = value
        return data


class FaultInjector:
    """The running state of one :class:`FaultConfig`: how many requests matched, and the random stream.

    Args:
        config: What to inject.
        seed: The seed used when the config has none.
    """

    __slots__ = ("_first", "_fraction", "_methods", "_prefix", "_random", "config", "hits", "matched")

    def __init__(self, config: FaultConfig, seed: int | None = None) -> None:
        self.config = config
        self.matched = 0
        self.hits = 0
        self._methods = config.methods
        self._prefix = config.path_prefix
        self._first = config.first
        self._fraction = config.fraction
        self._random = random.Random(config.seed if config.seed is not None else seed)

    def select(self, method: str, path: str) -> FaultConfig | None:
        """Decides whether this request is hit; returns the config when it is."""
        if self._methods is not None and method not in self._methods:
            return None
        if self._prefix is not None and not path.startswith(self._prefix):
            return None
        self.matched += 1
        if self._first is not None and self.matched > self._first:
            return None
        # Drawn only for requests that got this far, so the sequence depends on the seed alone.
        if self._fraction is not None and self._random.random() >= self._fraction:
            return None
        self.hits += 1
        return self.config
