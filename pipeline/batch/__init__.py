"""Running the extractor over many documents: bounded batches in worker processes (``run``, ``pool``),
``--resume`` (``resume``), progress lines (``progress``) and the Dask engine (``distributed``)."""
