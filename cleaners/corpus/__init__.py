"""Keys across a corpus: duplicate fingerprints and a site's template lines.

May import `cleaners.text` and `cleaners.records`; never fields, extract, links or assemble.
"""
