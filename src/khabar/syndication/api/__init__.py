"""Khabar's public, read-only JSON API (``/api/v1/``), with its OpenAPI description at ``/api/schema/``."""
