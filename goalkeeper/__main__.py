"""``python -m goalkeeper`` runs the command line."""

from goalkeeper.cli import run

run(prog_name="goalkeeper")
