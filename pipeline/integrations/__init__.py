"""The extractor inside other tools: the Python API (``api``), pandas frames (``frames``) and a spaCy
pipeline component (``spacy_component``)."""
