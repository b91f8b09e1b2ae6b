"""The static site builder: read+validate → model → render → index → export → swap.

Each stage lives in its own small module (Pelican/MkDocs style) so it can be tested alone;
``builder.pipeline`` wires them together and ``builder.cli`` turns failures into the
validator's one-line messages (never a traceback).
"""
