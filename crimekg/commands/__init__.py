"""Subcommand groups of the crimekg command line, one module each."""
