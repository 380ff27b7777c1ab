"""Trained models (JSON weights), shipped inside the package as ``pipeline.data.models``.

The training scripts beside them (``person/train.py``) are not part of the package.
"""
