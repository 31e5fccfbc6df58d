# flake8: noqa

__all__ = [
    "ModelsApi",
]

import typing as _typing

if _typing.TYPE_CHECKING:
    # import apis into api package
    from root.generated.openapi_client.api.models_api import ModelsApi
    
else:
    from importlib import import_module

    _exports = {
        "ModelsApi": ".models_api",
    }

    def __getattr__(name: str) -> object:
        if (module_name := _exports.get(name)) is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(import_module(module_name, __name__), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(globals().keys() | _exports.keys())
