"""BTIM intelligence and sustainability: forecasts, budget recommendations, mapping
suggestions and report linking, each measured against a simple baseline on held-out data.

Every module is import-safe (no side effects); the command-line programs live in ``scripts/``.
"""
