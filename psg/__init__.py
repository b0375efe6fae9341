"""Peer Support Guidance: the YAML content, its validation, its model and its rendering.

Data flows one way through the modules of this package:

1. [`psg.loader`][] reads YAML files, keeping the line and column of every value;
2. [`psg.schema`][] and [`psg.validate`][] check every file and collect every error;
3. [`psg.model`][] holds the validated, immutable knowledge base;
4. [`psg.render`][] and [`psg.pages`][] turn the model into Markdown pages, and
   [`psg.data`][] and [`psg.pdf`][] into data files and PDFs;
5. [`psg.site`][] assembles every generated file, given the model and typed settings;
6. adapters hand them on: the MkDocs hook (`hooks/guidance.py`), the portable export
   ([`psg.portable`][]) and the command line (`python -m psg`).

Nothing in this package imports MkDocs or reads an environment variable (the command
line, an adapter, aside). `make lint` checks both, and the direction of every import.
"""

__all__ = ["CONTENT_VERSION"]

#: The version of the published guidance content (see CHANGELOG.md).
CONTENT_VERSION = "2.0.0"
