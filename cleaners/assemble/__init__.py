"""Records built from one page: from HTML (crawl, WARC) or from extracted text dumps.

The top room: may import every other room of cleaners/.
"""
