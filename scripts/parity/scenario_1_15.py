"""One program, written for the official SDK scorable 1.15.0's documented API, that both SDKs run step by step.

Run as ``python scenario_1_15.py BASE_URL API_KEY OUT.json``; see ``scenario.py`` (the 1.6 program) for
what a step records. It imports only the standard library, ``scenario_kit`` and ``scorable``.
"""

from __future__ import annotations

from scenario_kit import admin, save, wire

from scorable import Scorable


def main() -> None:
    admin("POST", "config", {"max_page_size": 2, "next_style": "token"})
    wire()
    Scorable
    save()


if __name__ == "__main__":
    main()
