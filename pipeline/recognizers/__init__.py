"""One recogniser per label family, each a pure ``find(ctx) -> list[Mention]``.

``base`` holds the value they return (``Mention``) and what they read (``Context``);
``organisation`` finds where an organisation's name ends. ``doc_ref``, ``date``, ``percent``,
``named`` (MODEL and CAMPAIGN) and ``person`` (PERSON and TITLE, with ``person_features``
for the trained model) are the recognisers, run in that order by ``stages.document``.
"""
