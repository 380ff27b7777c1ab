"""The stages one document passes through, in data-flow order.

Each stage is a module with one entry function and the typed value it returns; a stage
reads only what the stages before it returned, and no stage reaches back::

    read      inputs -> Document | Reject        (stages.read.read_inputs)
    clean     Document.text -> CleanText          (stages.clean.clean: a normalised view
                                                   with an offset map back to the raw text)
    segment   CleanText -> Segmented              (stages.segment.segment: sentences; a spaCy Doc on demand)
    layout    raw text -> Layout                  (stages.layout.layout: chrome, body, title, place)
    recognise CleanText + Segmented -> Mention*   (pipeline.recognizers, one module per label)
    resolve   Mention* -> Mention*                (stages.resolve.resolve: overlaps, by a table)
    link      Entity* + Layout -> Linked          (stages.link.link: persons, authors, typed facts)
    emit      everything above -> record dict     (stages.emit.build_record: JSON-ready, fixed key order)

``stages.document`` runs them for one document (``extract``); a text longer than one window is
cleaned, segmented and recognised window by window (``stages.window.windows``: cuts at paragraph
ends), then resolved and linked whole; the entities wait to be emitted by column (``stages.entities``).
``pipeline.batch`` runs many documents.
Across records (documents and people) is the work of later stages, not of these.
"""
