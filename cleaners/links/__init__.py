"""Link discovery for the crawl: canonical URLs, a listing's blocks, the article links chosen.

May import `cleaners.text` and `cleaners.records`; never fields, extract, corpus or assemble.
"""
