"""`python -m journal.cli`: the same as the `journal` console script."""

from journal.cli import main

main()
