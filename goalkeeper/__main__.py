"""``python -m goalkeeper`` runs the command line."""

from goalkeeper.cli import main

main(prog_name="goalkeeper")
