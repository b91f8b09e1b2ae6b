"""The site's templates, static files, translations and prose, installed as ``open_registers_site``.

A regular package (not a namespace one) so that importlib.resources gives one real folder even
when an editable install of a checkout and an installed wheel both provide it.
"""
