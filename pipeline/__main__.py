"""``python -m pipeline`` runs the vnfacts command line."""

from pipeline.cli import app

app(prog_name="vnfacts")
