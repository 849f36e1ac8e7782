"""Fields and clean lines of an article: dates, publishers, authors, editors, chrome rules.

May import `cleaners.text` and `cleaners.records`; never extract, links, corpus or assemble.
"""
