from locflow.cli import cli

cli()
