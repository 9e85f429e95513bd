"""HTML pages: placeholder until the HTML importer lands."""

from reader.importers import ImportProblem


def parse(text):
    raise ImportProblem("HTML import is not implemented yet")
