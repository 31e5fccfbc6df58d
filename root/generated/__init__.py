"""Code generated from ``openapi.yaml`` by ``make generate``; never edited by hand.

``openapi_client`` is the synchronous (urllib3) client and ``openapi_aclient`` the asynchronous
(aiohttp) one.
"""
