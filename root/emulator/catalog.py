"""The built-in models every emulator serves, and the fixed owners of models.

Built-in models are public: every API key sees them, may read them, and may not change them. Their ids are
UUIDv5 values derived from their names, so they are the same in every emulator and across restarts. Their
capabilities are picked so that ``capable_of`` filters narrow the list step by step::

    capable_of=vision                            10 models
    capable_of=vision,function_calling           9 models
    capable_of=vision,function_calling,json_mode 8 models

Custom models (created through the API) have no capabilities, so any ``capable_of`` filter leaves them out.
"""

from __future__ import annotations

import uuid
from typing import Any, Final, NamedTuple

# Any fixed namespace works; this one only has to never change, or built-in ids would change with it.
_NAMESPACE: Final = uuid.UUID("6f0b2d3e-8a57-4c0f-9a51-2f4d0c1e7b93")

CAPABILITIES: Final = frozenset({"chat", "vision", "function_calling", "json_mode", "long_context"})

BUILTIN_OWNER: Final[dict[str, str]] = {"email": "models@rootsignals.ai", "full_name": "Root Signals"}
CUSTOM_OWNER: Final[dict[str, str]] = {"email": "emulator@example.com", "full_name": "Emulator User"}


def _provider(slug: str, name: str, *, gdpr: bool) -> dict[str, Any]:
    # `.invalid` can never resolve, so nobody mistakes these logo URLs for real assets.
    return {
        "id": str(uuid.uuid5(_NAMESPACE, f"provider:{slug}")),
        "name": name,
        "logo_light": f"https://logos.emulator.invalid/{slug}-light.svg",
        "logo_dark": f"https://logos.emulator.invalid/{slug}-dark.svg",
        "is_gdpr_compliant": gdpr,
    }


PROVIDERS: Final[dict[str, dict[str, Any]]] = {
    p["id"]: p
    for p in (
        _provider("openai", "OpenAI", gdpr=True),
        _provider("anthropic", "Anthropic", gdpr=True),
        _provider("google", "Google", gdpr=True),
        _provider("meta", "Meta", gdpr=False),
        _provider("mistral", "Mistral AI", gdpr=True),
    )
}
_PROVIDER_IDS: Final = {p["name"]: pid for pid, p in PROVIDERS.items()}


class BuiltinModel(NamedTuple):
    """One row of the built-in catalog."""

    id: str
    name: str
    provider_id: str
    capabilities: frozenset[str]
    max_output_token_count: int
    max_token_count: int
    created_at: str

    def fields(self) -> dict[str, Any]:
        """The model's fields as the API shows them (besides ``id``); its base model is its name."""
        return {
            "name": self.name,
            "model": self.name,
            "max_output_token_count": self.max_output_token_count,
            "max_token_count": self.max_token_count,
            "url": None,
        }


def _builtin(index: int, name: str, provider: str, capabilities: str, max_output: int, max_tokens: int) -> BuiltinModel:
    return BuiltinModel(
        id=str(uuid.uuid5(_NAMESPACE, f"model:{name}")),
        name=name,
        provider_id=_PROVIDER_IDS[provider],
        capabilities=frozenset(capabilities.split()),
        max_output_token_count=max_output,
        max_token_count=max_tokens,
        # Fixed, distinct and older than anything created at run time, so "newest first" lists built-ins
        # last, in a stable order.
        created_at=f"2024-01-01T00:{index:02d}:00.000000+00:00",
    )


BUILTIN_MODELS: Final[tuple[BuiltinModel, ...]] = (
    _builtin(0, "gpt-4o", "OpenAI", "chat vision function_calling json_mode long_context", 16384, 128000),
    _builtin(1, "gpt-4o-mini", "OpenAI", "chat vision function_calling json_mode long_context", 16384, 128000),
    _builtin(2, "o3-mini", "OpenAI", "chat function_calling json_mode long_context", 100000, 200000),
    _builtin(3, "claude-3-5-sonnet", "Anthropic", "chat vision function_calling long_context", 8192, 200000),
    _builtin(4, "claude-3-5-haiku", "Anthropic", "chat function_calling long_context", 8192, 200000),
    _builtin(5, "gemini-1.5-pro", "Google", "chat vision function_calling json_mode long_context", 8192, 2000000),
    _builtin(6, "llama-3.2-90b-vision", "Meta", "chat vision", 4096, 128000),
    _builtin(7, "mistral-large", "Mistral AI", "chat function_calling json_mode long_context", 8192, 128000),
    # The names below are the ones the service's own material uses, so that programs written from it run
    # against the emulator unchanged (the capabilities and token limits are the emulator's picks):
    # - gemini-2.0-flash: the official SDK 1.6.5's examples (custom_evaluator.py, calibration.py,
    #   execution_logs.py) and its published examples page (sdk.rootsignals.ai/en/latest/examples.html);
    _builtin(8, "gemini-2.0-flash", "Google", "chat vision function_calling json_mode long_context", 8192, 1048576),
    # - gpt-4 and gpt-4-turbo: the official SDK 1.6.5's tests (test_calibrate_batch.py,
    #   test_acalibrate_batch.py) and the examples of its contract (openapi.yaml, ModelList);
    _builtin(9, "gpt-4", "OpenAI", "chat function_calling", 8192, 8192),
    _builtin(10, "gpt-4-turbo", "OpenAI", "chat vision function_calling json_mode long_context", 4096, 128000),
    # - gemini-3-flash and gpt-5.4: the examples of the Scorable SDK 1.15.0 (custom_evaluator.py,
    #   calibration.py, execution_logs.py; async_custom_evaluator.py);
    _builtin(11, "gemini-3-flash", "Google", "chat vision function_calling json_mode long_context", 65536, 1048576),
    _builtin(12, "gpt-5.4", "OpenAI", "chat vision function_calling json_mode long_context", 128000, 400000),
    # - gpt-5.2: the Scorable documentation's page on models (docs.scorable.ai, "Models"), as its example
    #   of a model variant.
    _builtin(13, "gpt-5.2", "OpenAI", "chat vision function_calling json_mode long_context", 128000, 400000),
)
