"""The crawl itself: link discovery, the listing walk, the run and its steps, the processing lane.

Also the rebuilds from raw/ (reclean, import-warc), which feed the same processing lane.
May import: flows.net, flows.store, flows.config, flows.counters, flows.errors, cleaners.
"""
