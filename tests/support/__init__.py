"""Shared test support: builders, local fakes of outside services, fixtures and helpers."""
