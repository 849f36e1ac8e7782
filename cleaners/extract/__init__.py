"""Finding the article in an HTML page: block lines, the main block, the page's metadata,
and how deep its markup nests (the guard run before any parser).

May import `cleaners.text` and `cleaners.records`; never fields, links, corpus or assemble.
"""
