"""The demonstration data and its loader (``amends demo``). Its public facts are files in ``data/``:
the judgments and donations (``judgments.json``) and the bilateral consultations
(``consultations.json``)."""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
