"""Bilingual labels (English, Simplified Chinese) for what users read.

Reads ``seeds/reference/i18n_labels.csv`` from the repository (the same seed dbt loads), so the
demo summary, the dashboard or any other Python reader can show a mart column, a view or a
summary text in either language::

    from scripts import i18n
    i18n.label("tower_name", "zh")          # '技术资源塔'
    i18n.label("summary_title", "zh", month="2025-03", currency="CNY")

A key without a label falls back to the key itself, so a new column never breaks a screen.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "zh")
LABELS_PATH = Path(__file__).resolve().parent.parent / "seeds" / "reference" / "i18n_labels.csv"


@lru_cache(maxsize=4)
def load_labels(path: str | None = None) -> dict[str, dict[str, str]]:
    """label_key -> {'en': ..., 'zh': ..., 'kind': ...} from the seed file."""
    with Path(path or LABELS_PATH).open(encoding="utf-8", newline="") as handle:
        return {
            row["label_key"]: {"en": row["label_en"], "zh": row["label_zh"], "kind": row["label_kind"]}
            for row in csv.DictReader(handle)
        }


def label(key: str, lang: str = "en", **values: object) -> str:
    """The label of key in lang ('en' or 'zh'), with {placeholders} filled from values."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    text = load_labels().get(key, {}).get(lang, key)
    return text.format(**values) if values else text
