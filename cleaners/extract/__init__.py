"""Finding the article in an HTML page: block lines, the main block, the page's metadata.

May import `cleaners.text` and `cleaners.records`; never fields, links, corpus or assemble.
"""
